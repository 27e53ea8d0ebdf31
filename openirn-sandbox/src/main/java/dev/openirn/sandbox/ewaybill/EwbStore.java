package dev.openirn.sandbox.ewaybill;

import dev.openirn.sandbox.SandboxJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The e-way bill tables in the sandbox's schema: sessions of the EWB API, and the e-way bills themselves. */
final class EwbStore {

    record Session(String authToken, String clientId, String userName, String gstin, byte[] sek, Instant expiresAt) {
    }

    private final SandboxJdbc jdbc;

    EwbStore(DataSource dataSource, String schema) {
        this.jdbc = new SandboxJdbc(dataSource, schema, "E-way bill store");
    }

    // --- sessions

    Optional<Session> liveSession(String clientId, String userName, String gstin, Instant now) {
        return jdbc.query("select auth_token, client_id, user_name, gstin, sek, expires_at from %s.ewb_session "
                        + "where client_id = ? and user_name = ? and gstin = ? and expires_at > ? order by expires_at desc limit 1",
                EwbStore::session, clientId, userName, gstin, Timestamp.from(now));
    }

    Optional<Session> session(String authToken) {
        return jdbc.query("select auth_token, client_id, user_name, gstin, sek, expires_at from %s.ewb_session where auth_token = ?",
                EwbStore::session, authToken);
    }

    void saveSession(Session session, Instant issuedAt) {
        jdbc.update("insert into %s.ewb_session (auth_token, client_id, user_name, gstin, sek, issued_at, expires_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?)", session.authToken(), session.clientId(), session.userName(),
                session.gstin(), session.sek(), Timestamp.from(issuedAt), Timestamp.from(session.expiresAt()));
    }

    private static Optional<Session> session(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        return Optional.of(new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                rs.getTimestamp(6).toInstant()));
    }

    // --- e-way bills

    long nextSequence() {
        return jdbc.query("select nextval('%s.ewb_number')", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** False when the document already has an active e-way bill (the unique index decides races) or the IRN has one. */
    boolean insert(EwayBillRecord bill) {
        return jdbc.update("insert into %s.e_way_bill (ewb_no, generator_gstin, doc_owner, doc_type, doc_no, status, irn, "
                        + "generated_at, record) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                bill.ewbNo, bill.generatorGstin, bill.docOwner(), bill.docType(), bill.docNo(), bill.status, bill.irn,
                Timestamp.from(bill.generatedAt), bill.toJson()) == 1;
    }

    void save(EwayBillRecord bill) {
        jdbc.update("update %s.e_way_bill set status = ?, record = ? where ewb_no = ?", bill.status, bill.toJson(), bill.ewbNo);
    }

    Optional<EwayBillRecord> byNumber(long ewbNo) {
        return jdbc.query("select record from %s.e_way_bill where ewb_no = ?", EwbStore::bill, ewbNo);
    }

    Optional<EwayBillRecord> activeByDocument(String docOwner, String docType, String docNo) {
        return jdbc.query("select record from %s.e_way_bill where doc_owner = ? and doc_type = ? and upper(doc_no) = upper(?) "
                + "and status = 'ACT'", EwbStore::bill, docOwner, docType, docNo);
    }

    /** The caller's active e-way bill for a document it generated (GetEwayBillGeneratedByConsigner). */
    Optional<EwayBillRecord> activeGeneratedBy(String generator, String docType, String docNo) {
        return jdbc.query("select record from %s.e_way_bill where generator_gstin = ? and doc_type = ? "
                + "and upper(doc_no) = upper(?) and status = 'ACT' order by generated_at desc limit 1",
                EwbStore::bill, generator, docType, docNo);
    }

    Optional<EwayBillRecord> byIrn(String irn) {
        return jdbc.query("select record from %s.e_way_bill where irn = ?", EwbStore::bill, irn);
    }

    private static Optional<EwayBillRecord> bill(ResultSet rs) throws SQLException {
        return rs.next() ? Optional.of(EwayBillRecord.fromJson(rs.getString(1))) : Optional.empty();
    }
}
