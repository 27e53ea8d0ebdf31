package dev.openirn.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC for the sandbox's stores (it must not depend on Spring): statements whose {@code %s} is the
 * sandbox's schema, each on its own connection and committed at once.
 */
public final class SandboxJdbc {

    /** Reads a result set into what the caller wants. */
    public interface RowsReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final String schema;
    private final String storeName;

    public SandboxJdbc(DataSource dataSource, String schema, String storeName) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.storeName = storeName;
    }

    public <T> T query(String sql, RowsReader<T> reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(storeName + " query failed: " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            int count = statement.executeUpdate();
            // Pooled connections of a host application may come with autocommit off.
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException(storeName + " update failed: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.formatted(schema));
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
