package dev.openirn.sandbox;

import dev.openirn.gst.master.HsnMaster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * An IRP that speaks NIC's e-invoice protocol on a loopback port, backed by its own schema in a
 * PostgreSQL the caller provides. Configure with {@link #builder()}, then {@link #start()}.
 */
public final class IrpSandbox {

    public static final String DEFAULT_CLIENT_ID = "OPENIRN-SANDBOX-CLIENT";
    public static final String DEFAULT_CLIENT_SECRET = "OpenIrnSandboxSecret";
    public static final String DEFAULT_USER_NAME = "sandbox";
    public static final String DEFAULT_PASSWORD = "Sandbox@123";
    public static final String DEFAULT_SCHEMA = "irp_sandbox";
    public static final String DEFAULT_ISSUER = "NIC Sandbox";
    /** NIC's sandbox token lifetime (production uses 360 minutes). */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(60);
    /** The e-way bill system's token lifetime ("active for 6 hours"). */
    public static final Duration DEFAULT_EWB_TOKEN_TTL = Duration.ofMinutes(360);

    final int port;
    final String bindAddress;
    final DataSource dataSource;
    final String schema;
    final Path keyDirectory;
    final SandboxClock clock;
    final String clientId;
    final String clientSecret;
    final String defaultUserName;
    final String defaultPassword;
    final Duration tokenTtl;
    final Duration ewbTokenTtl;
    final SandboxProfile profile;
    final String issuer;
    final SandboxRules rules;
    final HsnMaster hsnMaster;
    final int irps;

    private IrpSandbox(Builder builder) {
        this.port = builder.port;
        this.bindAddress = builder.bindAddress;
        this.dataSource = Objects.requireNonNull(builder.dataSource, "dataSource is required");
        this.schema = builder.schema;
        this.keyDirectory = builder.keyDirectory;
        this.clock = new SandboxClock(builder.clock);
        this.ewbTokenTtl = builder.ewbTokenTtl;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.defaultUserName = builder.defaultUserName;
        this.defaultPassword = builder.defaultPassword;
        this.tokenTtl = builder.tokenTtl;
        this.profile = builder.profile;
        this.issuer = builder.issuer;
        this.rules = builder.rules;
        this.hsnMaster = builder.hsnMaster == null ? HsnMaster.bundled() : builder.hsnMaster;
        this.irps = builder.irps;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Migrates the schema, loads (or creates) the keys and starts answering HTTP. */
    public RunningIrpSandbox start() {
        return RunningIrpSandbox.start(this);
    }

    public static final class Builder {
        private int port;
        private String bindAddress = "127.0.0.1";
        private DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private Path keyDirectory;
        private Clock clock = Clock.systemUTC();
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private String defaultUserName = DEFAULT_USER_NAME;
        private String defaultPassword = DEFAULT_PASSWORD;
        private Duration tokenTtl = DEFAULT_TOKEN_TTL;
        private Duration ewbTokenTtl = DEFAULT_EWB_TOKEN_TTL;
        private SandboxProfile profile = SandboxProfile.LENIENT;
        private String issuer = DEFAULT_ISSUER;
        private SandboxRules rules = SandboxRules.LENIENT;
        private HsnMaster hsnMaster;
        private int irps = 1;

        private Builder() {
        }

        /**
         * How many IRPs this sandbox acts as (default 1). They share one registry, as NIC's IRPs share
         * IRNs, but each has its own base path ({@code /irp/sandbox-1}, …), faults and counters, so
         * failing over from one to another can be tried over HTTP.
         */
        public Builder irps(int irps) {
            if (irps < 1 || irps > 9) {
                throw new IllegalArgumentException("irps must be within 1..9");
            }
            this.irps = irps;
            return this;
        }

        /** NIC's rules exactly ({@link SandboxRules#NIC}) or with the relaxations of the default {@link SandboxRules#LENIENT}. */
        public Builder rules(SandboxRules rules) {
            this.rules = Objects.requireNonNull(rules);
            return this;
        }

        /** The HSN/SAC list behind error 2176; default the snapshot bundled with openirn-gst. */
        public Builder hsnMaster(HsnMaster hsnMaster) {
            this.hsnMaster = Objects.requireNonNull(hsnMaster);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Defaults to 127.0.0.1; admin endpoints answer loopback callers only whatever this is. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress);
            return this;
        }

        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Schema for the sandbox's tables and its own Flyway history; default {@value #DEFAULT_SCHEMA}. */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema);
            return this;
        }

        /** Where the key pairs and certificate live (created on first start). Unset: fresh keys per start. */
        public Builder keyDirectory(Path keyDirectory) {
            this.keyDirectory = keyDirectory;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder clientCredentials(String clientId, String clientSecret) {
            this.clientId = Objects.requireNonNull(clientId);
            this.clientSecret = Objects.requireNonNull(clientSecret);
            return this;
        }

        /** The API user every GSTIN has in the lenient profile until users are registered for it. */
        public Builder defaultApiUser(String userName, String password) {
            this.defaultUserName = Objects.requireNonNull(userName);
            this.defaultPassword = Objects.requireNonNull(password);
            return this;
        }

        public Builder tokenTtl(Duration tokenTtl) {
            if (tokenTtl.compareTo(Duration.ofMinutes(10)) < 0) {
                throw new IllegalArgumentException("tokenTtl must be at least the 10-minute refresh window");
            }
            this.tokenTtl = tokenTtl;
            return this;
        }

        /** How long an e-way bill system token is good; logins within it get the same token back. */
        public Builder ewbTokenTtl(Duration ewbTokenTtl) {
            if (ewbTokenTtl.isNegative() || ewbTokenTtl.isZero()) {
                throw new IllegalArgumentException("ewbTokenTtl must be positive");
            }
            this.ewbTokenTtl = ewbTokenTtl;
            return this;
        }

        public Builder profile(SandboxProfile profile) {
            this.profile = Objects.requireNonNull(profile);
            return this;
        }

        /** The {@code iss} claim of signed invoices: "NIC Sandbox" (default) or "NIC". */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer);
            return this;
        }

        public IrpSandbox build() {
            return new IrpSandbox(this);
        }

        public RunningIrpSandbox start() {
            return build().start();
        }
    }
}
