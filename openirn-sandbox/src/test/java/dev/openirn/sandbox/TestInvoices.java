package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.node.ObjectNode;

/** INV-01 requests shaped like, with the casing and number literals a test needs. */
final class TestInvoices {

    static final String SELLER = "29AAFCC9980M1ZR";
    static final String BUYER = "27AAPFU0939F1ZV";

    private TestInvoices() {
    }

    static ObjectNode b2b(String docNo, LocalDate date) {
        String json = """
                {
                  "Version": "1.1",
                  "TranDtls": { "TaxSch": "GST", "SupTyp": "B2B", "RegRev": "N", "IgstOnIntra": "N", "EcmGstin": null },
                  "DocDtls": { "Typ": "INV", "No": "%s", "Dt": "%s" },
                  "SellerDtls": { "Gstin": "%s", "LglNm": "Seller Pvt Ltd", "Addr1": "1 MG Road",
                                  "Loc": "Bengaluru", "Pin": 560001, "Stcd": "29" },
                  "BuyerDtls": { "Gstin": "%s", "LglNm": "Buyer LLP", "Pos": "27",
                                 "Addr1": "2 Link Road", "Loc": "Mumbai", "Pin": 400001, "Stcd": "27" },
                  "ItemList": [
                    { "SlNo": "1", "IsServc": "N", "HsnCd": "61149090", "Qty": 10, "Unit": "NOS",
                      "UnitPrice": 100.0, "TotAmt": 1000.0, "Discount": 0, "AssAmt": 1000.0,
                      "GstRt": 18, "IgstAmt": 180.00, "CgstAmt": 0, "SgstAmt": 0, "TotItemVal": 1180.0 },
                    { "SlNo": "2", "IsServc": "N", "HsnCd": "62034200", "Qty": 1, "Unit": "NOS",
                      "UnitPrice": 2000.0, "TotAmt": 2000.0, "Discount": 0, "AssAmt": 2000.0,
                      "GstRt": 18, "IgstAmt": 360.0, "CgstAmt": 0, "SgstAmt": 0, "TotItemVal": 2360.0 }
                  ],
                  "ValDtls": { "AssVal": 3000.0, "IgstVal": 540.0, "CgstVal": 0, "SgstVal": 0, "TotInvVal": 3540.0 }
                }
                """.formatted(docNo, date.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")), SELLER, BUYER);
        return (ObjectNode) NicJson.parse(json);
    }
}
