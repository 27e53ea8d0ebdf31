package dev.openirn.nic;

import tools.jackson.databind.JsonNode;

/** One entry of NIC's {@code InfoDtls}: {@code InfCd} (DUPIRN, EWBERR, EWBPPD, …) and its {@code Desc}, whose shape varies. */
public record InfoDetail(String code, JsonNode desc) {
}
