package dev.openirn.gst.validation;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.DispatchDetails;
import dev.openirn.gst.nic.ExportDetails;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.ShipDetails;
import dev.openirn.gst.nic.TransactionDetails;

/**
 * The parties of an invoice: seller, buyer, dispatch and ship-to (GSTINs, names, addresses, state
 * and PIN codes), and whether the recipient and place of supply fit the supply type.
 */
final class PartyRules {

    private final FieldChecks checks;
    private final Masters masters;

    PartyRules(FieldChecks checks) {
        this.checks = checks;
        this.masters = checks.masters();
    }

    void checkSeller(SellerDetails s) {
        String p = "SellerDtls";
        boolean gstinOk = false;
        if (checks.required(p + ".Gstin", s.gstin())) {
            if (Gstin.UNREGISTERED.equalsIgnoreCase(s.gstin())) {
                checks.error(p + ".Gstin", "gstin.supplier_urp", "The supplier GSTIN cannot be URP", "2213");
            } else {
                gstinOk = checks.gstin(p + ".Gstin", s.gstin(), true);
            }
        }
        checks.text(p + ".LglNm", s.legalName(), true, 3, 100);
        checks.text(p + ".TrdNm", s.tradeName(), false, 3, 100);
        checks.address(p, s.address1(), s.address2(), s.location(), 50);
        checks.contact(p, s.phone(), s.email());
        boolean stateOk = checks.state(p + ".Stcd", s.stateCode(), "state.invalid_supplier", "Invalid supplier state code", "2259")
                && !Masters.OTHER_COUNTRY.equals(masters.normalizeStateCode(s.stateCode()));
        if (!stateOk && masters.isStateCode(s.stateCode())) {
            checks.error(p + ".Stcd", "state.invalid_supplier", "Invalid supplier state code", "2259");
        }
        checks.pin(p, s.pin(), s.stateCode(), stateOk, true);
        if (gstinOk && stateOk && !Gstin.stateCode(s.gstin()).equals(masters.normalizeStateCode(s.stateCode()))) {
            checks.error(p + ".Stcd", "gstin.state_mismatch",
                    "Supplier GSTIN state code should be same as the sate code passed in supplier details", "2258");
        }
    }

    void checkBuyer(BuyerDetails b, SellerDetails seller) {
        String p = "BuyerDtls";
        boolean registered = false;
        if (checks.required(p + ".Gstin", b.gstin()) && !Gstin.UNREGISTERED.equals(b.gstin())) {
            registered = checks.gstin(p + ".Gstin", b.gstin(), true);
        }
        checks.text(p + ".LglNm", b.legalName(), true, 3, 100);
        checks.text(p + ".TrdNm", b.tradeName(), false, 3, 100);
        checks.state(p + ".Pos", b.placeOfSupply(), "state.invalid_place_of_supply", "POS should be valid state", "2243");
        checks.address(p, b.address1(), b.address2(), b.location(), 100);
        checks.contact(p, b.phone(), b.email());
        boolean stateOk = checks.state(p + ".Stcd", b.stateCode(), "state.invalid_recipient", "Invalid recipient state code", "2260");
        if (b.pin() == null) {
            checks.error(p + ".Pin", "pin.recipient_required", "Recipient PIN code is mandatory", "2244");
        } else {
            checks.pin(p, b.pin(), b.stateCode(), stateOk, true);
        }
        if (registered && stateOk && !Gstin.stateCode(b.gstin()).equals(masters.normalizeStateCode(b.stateCode()))) {
            checks.error(p + ".Stcd", "gstin.recipient_state_mismatch",
                    "Recipient GSTIN state code should be same as the sate code passed in recipient details", "2265");
        }
        if (registered && seller != null && b.gstin().equals(seller.gstin())) {
            checks.error(p + ".Gstin", "gstin.same_supplier_recipient",
                    "Supplier and recipient GSTIN should not be the same.", "2211");
        }
    }

    void checkDispatch(DispatchDetails d) {
        String p = "DispDtls";
        checks.text(p + ".Nm", d.name(), true, 3, 100);
        checks.address(p, d.address1(), d.address2(), d.location(), 100);
        boolean stateOk = checks.state(p + ".Stcd", d.stateCode(), "state.invalid_dispatch_or_ship",
                "Invalid state code " + d.stateCode() + " in dispatch details or ship details", "2200");
        checks.pin(p, d.pin(), d.stateCode(), stateOk, true);
    }

    void checkShipTo(ShipDetails s) {
        String p = "ShipDtls";
        if (s.gstin() != null && !Gstin.UNREGISTERED.equals(s.gstin())) {
            checks.gstin(p + ".Gstin", s.gstin(), true);
        }
        checks.text(p + ".LglNm", s.legalName(), true, 3, 100);
        checks.text(p + ".TrdNm", s.tradeName(), false, 3, 100);
        checks.address(p, s.address1(), s.address2(), s.location(), 100);
        boolean stateOk = checks.state(p + ".Stcd", s.stateCode(), "state.invalid_dispatch_or_ship",
                "Invalid state code " + s.stateCode() + " in dispatch details or ship details", "2200");
        checks.pin(p, s.pin(), s.stateCode(), stateOk, true);
    }

    void checkSupplyType(String supplyType, TransactionDetails tran, SellerDetails seller, BuyerDetails buyer,
            ExportDetails export) {
        if (supplyType == null || buyer == null) {
            return;
        }
        boolean urp = Gstin.UNREGISTERED.equals(buyer.gstin());
        String pos = masters.normalizeStateCode(buyer.placeOfSupply());
        boolean posAbroad = Masters.OTHER_COUNTRY.equals(pos);
        if (TaxContext.isExport(supplyType)) {
            if (buyer.gstin() != null && !urp) {
                checks.error("BuyerDtls.Gstin", "export.recipient_not_urp", "Recipient has to be URP in case of export transactions", "2248");
            }
            if (pos != null && !posAbroad) {
                checks.error("BuyerDtls.Pos", "export.pos_not_other_country",
                        "Recipient POS should be other country(96) incase of transaction -" + supplyType, "2229");
            }
            String buyerState = masters.normalizeStateCode(buyer.stateCode());
            if (buyerState != null && !Masters.OTHER_COUNTRY.equals(buyerState)) {
                checks.error("BuyerDtls.Stcd", "export.state_not_other_country",
                        "Recipient state code should be other country(code: 96) for " + supplyType + " transaction", "2261");
            }
            if (export == null) {
                checks.error("ExpDtls", "export.details_required", "Export details are required", "2208");
            }
        } else {
            if (urp) {
                boolean deemed = "DEXP".equals(supplyType);
                checks.error("BuyerDtls.Gstin", deemed ? "supply.deemed_export_recipient_urp" : "supply.recipient_urp_not_allowed",
                        deemed ? "The recipient GSTIN cannot be URP, in case of Deemed Export transaction"
                                : "The recipient GSTIN cannot be URP for supply type " + supplyType,
                        deemed ? "2171" : "2212");
            }
            if (posAbroad) {
                checks.error("BuyerDtls.Pos", "supply.pos_other_country_not_allowed", "Recipient POS should not be Other"
                        + " Country(code -96) incase of transaction type " + supplyType, "2242");
            }
        }
        if (tran != null && "Y".equals(tran.reverseCharge()) && (TaxContext.isExport(supplyType) || "DEXP".equals(supplyType))) {
            checks.error("TranDtls.RegRev", "transaction.reverse_charge_not_b2b", "Reverse Charge is applicable only for B2B invoices", "2162");
        }
        if (tran != null && "Y".equals(tran.igstOnIntra()) && seller != null && pos != null
                && !pos.equals(masters.normalizeStateCode(seller.stateCode()))) {
            checks.error("TranDtls.IgstOnIntra", "transaction.igst_on_intra_state_mismatch",
                    "Supplier statecode and POS should be same for intra state supply but chargeable to IGST", "2262");
        }
    }
}
