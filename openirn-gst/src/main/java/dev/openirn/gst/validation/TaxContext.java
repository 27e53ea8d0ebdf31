package dev.openirn.gst.validation;

import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.TransactionDetails;

/** What a line's taxes must look like given the supply type and the place of supply. */
final class TaxContext {
    private final String supplyType;
    private final String docType;
    private final boolean igstOnIntra;
    private final boolean reverseCharge;
    private final boolean sellerStateIsPos;

    TaxContext(Masters masters, String supplyType, String docType, TransactionDetails tran, SellerDetails seller,
            BuyerDetails buyer) {
        this.supplyType = supplyType;
        this.docType = docType;
        this.igstOnIntra = tran != null && "Y".equals(tran.igstOnIntra());
        this.reverseCharge = tran != null && "Y".equals(tran.reverseCharge());
        String sellerState = seller == null ? null : masters.normalizeStateCode(seller.stateCode());
        String pos = buyer == null ? null : masters.normalizeStateCode(buyer.placeOfSupply());
        this.sellerStateIsPos = sellerState != null && sellerState.equals(pos);
    }

    boolean isExport() {
        return isExport(supplyType);
    }

    boolean isSez() {
        return "SEZWP".equals(supplyType) || "SEZWOP".equals(supplyType);
    }

    boolean withoutPayment() {
        return "EXPWOP".equals(supplyType) || "SEZWOP".equals(supplyType);
    }

    boolean isNote() {
        return "CRN".equals(docType) || "DBN".equals(docType);
    }

    /** Exports, SEZ supplies, IGST-on-intra and inter-state supplies are charged IGST only. */
    boolean igstOnly() {
        return isExport() || isSez() || igstOnIntra || (supplyType != null && !sellerStateIsPos);
    }

    boolean intraState() {
        return supplyType != null && !igstOnly() && sellerStateIsPos;
    }

    /** Under reverse charge and for exports with payment, the item total may leave the taxes out. */
    boolean totalMayExcludeTax() {
        return reverseCharge || "EXPWP".equals(supplyType);
    }

    static boolean isExport(String supplyType) {
        return "EXPWP".equals(supplyType) || "EXPWOP".equals(supplyType);
    }
}
