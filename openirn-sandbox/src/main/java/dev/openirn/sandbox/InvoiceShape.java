package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * INV-01 v1.1 property names in the order NIC writes them into the signed invoice (decoded samples,
 *). Binding is case-insensitive and unknown properties are dropped, as at the IRP.
 */
final class InvoiceShape {

    private record Field(String name, InvoiceShape nested, boolean list) {
    }

    private final List<Field> fields = new ArrayList<>();
    private final Map<String, Field> byLowerName = new HashMap<>();

    private InvoiceShape(Object... definitions) {
        for (int i = 0; i < definitions.length; i++) {
            String name = (String) definitions[i];
            InvoiceShape nested = null;
            boolean list = false;
            if (i + 1 < definitions.length && definitions[i + 1] instanceof InvoiceShape shape) {
                nested = shape;
                i++;
            } else if (i + 1 < definitions.length && definitions[i + 1] instanceof List<?> wrapper) {
                nested = (InvoiceShape) wrapper.get(0);
                list = true;
                i++;
            }
            Field field = new Field(name, nested, list);
            fields.add(field);
            byLowerName.put(name.toLowerCase(Locale.ROOT), field);
        }
    }

    private static final InvoiceShape ADDRESS_OF_SELLER =
            new InvoiceShape("Gstin", "LglNm", "TrdNm", "Addr1", "Addr2", "Loc", "Pin", "Stcd", "Ph", "Em");
    private static final InvoiceShape ADDRESS_OF_BUYER =
            new InvoiceShape("Gstin", "LglNm", "TrdNm", "Pos", "Addr1", "Addr2", "Loc", "Pin", "Stcd", "Ph", "Em");
    private static final InvoiceShape ITEM = new InvoiceShape(
            "SlNo", "IsServc", "PrdDesc", "HsnCd", "Barcde", "Qty", "FreeQty", "Unit", "UnitPrice", "TotAmt",
            "Discount", "PreTaxVal", "AssAmt", "GstRt", "IgstAmt", "CgstAmt", "SgstAmt", "CesRt", "CesAmt",
            "CesNonAdvlAmt", "StateCesRt", "StateCesAmt", "StateCesNonAdvlAmt", "OthChrg", "TotItemVal",
            "OrdLineRef", "OrgCntry", "PrdSlNo",
            "BchDtls", new InvoiceShape("Nm", "ExpDt", "WrDt"),
            "AttribDtls", List.of(new InvoiceShape("Nm", "Val")));

    static final InvoiceShape INVOICE = new InvoiceShape(
            "Version",
            "TranDtls", new InvoiceShape("TaxSch", "SupTyp", "RegRev", "EcmGstin", "IgstOnIntra"),
            "DocDtls", new InvoiceShape("Typ", "No", "Dt"),
            "SellerDtls", ADDRESS_OF_SELLER,
            "BuyerDtls", ADDRESS_OF_BUYER,
            "DispDtls", new InvoiceShape("Nm", "Addr1", "Addr2", "Loc", "Pin", "Stcd"),
            "ShipDtls", new InvoiceShape("Gstin", "LglNm", "TrdNm", "Addr1", "Addr2", "Loc", "Pin", "Stcd"),
            "ItemList", List.of(ITEM),
            "ValDtls", new InvoiceShape("AssVal", "CgstVal", "SgstVal", "IgstVal", "CesVal", "StCesVal",
                    "Discount", "OthChrg", "RndOffAmt", "TotInvVal", "TotInvValFc"),
            "PayDtls", new InvoiceShape("Nm", "AccDet", "Mode", "FinInsBr", "PayTerm", "PayInstr", "CrTrn",
                    "DirDr", "CrDay", "PaidAmt", "PaymtDue"),
            "RefDtls", new InvoiceShape("InvRm",
                    "DocPerdDtls", new InvoiceShape("InvStDt", "InvEndDt"),
                    "PrecDocDtls", List.of(new InvoiceShape("InvNo", "InvDt", "OthRefNo")),
                    "ContrDtls", List.of(new InvoiceShape("RecAdvRefr", "RecAdvDt", "TendRefr", "ContrRefr",
                            "ExtRefr", "ProjRefr", "PORefr", "PORefDt"))),
            "AddlDocDtls", List.of(new InvoiceShape("Url", "Docs", "Info")),
            "ExpDtls", new InvoiceShape("ShipBNo", "ShipBDt", "Port", "RefClm", "ForCur", "CntCode", "ExpDuty"),
            "EwbDtls", new InvoiceShape("TransId", "TransName", "TransMode", "Distance", "TransDocNo",
                    "TransDocDt", "VehNo", "VehType"));

    /** The input with canonical names in canonical order; nulls and unknown properties dropped. */
    ObjectNode canonicalize(JsonNode input) {
        Map<String, JsonNode> valuesByField = new HashMap<>();
        for (var entry : input.properties()) {
            Field field = byLowerName.get(entry.getKey().toLowerCase(Locale.ROOT));
            if (field != null && !entry.getValue().isNull()) {
                valuesByField.put(field.name(), entry.getValue());
            }
        }
        ObjectNode output = NicJson.object();
        for (Field field : fields) {
            JsonNode value = valuesByField.get(field.name());
            if (value == null) {
                continue;
            }
            if (field.nested() != null && field.list() && value.isArray()) {
                ArrayNode elements = output.putArray(field.name());
                for (JsonNode element : value) {
                    elements.add(element.isObject() ? field.nested().canonicalize(element) : element);
                }
            } else if (field.nested() != null && !field.list() && value.isObject()) {
                output.set(field.name(), field.nested().canonicalize(value));
            } else {
                // A wrong JSON type stays as sent so the schema check can name it.
                output.set(field.name(), value);
            }
        }
        return output;
    }
}
