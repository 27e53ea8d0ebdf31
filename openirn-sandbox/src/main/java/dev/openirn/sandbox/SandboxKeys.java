package dev.openirn.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sandbox's two key pairs, as NIC has them: one to decrypt logins (its public half is what
 * clients encrypt with) and one, behind a self-signed certificate, to sign invoices and QR codes.
 * Kept as PEM files so a restart keeps the keys clients have already pinned.
 */
final class SandboxKeys {

    static final String ENCRYPTION_PRIVATE = "encryption-private.pem";
    static final String ENCRYPTION_PUBLIC = "encryption.pem";
    static final String SIGNING_PRIVATE = "signing-private.pem";
    static final String SIGNING_CERT = "signing-cert.pem";
    static final String EWB_ENCRYPTION_PRIVATE = "ewb-encryption-private.pem";
    static final String EWB_ENCRYPTION_PUBLIC = "ewb-encryption.pem";

    private final KeyPair encryption;
    private final PrivateKey signingKey;
    private final X509Certificate signingCertificate;
    private final String kid;
    private final String x5t;

    private SandboxKeys(KeyPair encryption, PrivateKey signingKey, X509Certificate signingCertificate) {
        this.encryption = encryption;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
        try {
            byte[] thumbprint = MessageDigest.getInstance("SHA-1").digest(signingCertificate.getEncoded());
            this.kid = HexFormat.of().withUpperCase().formatHex(thumbprint);
            this.x5t = Base64.getUrlEncoder().withoutPadding().encodeToString(thumbprint);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot fingerprint the signing certificate", e);
        }
    }

    /** Keys from {@code directory}, created there on first use; fresh in-memory keys when it is null. */
    static SandboxKeys loadOrCreate(Path directory) {
        try {
            if (directory == null) {
                return generate();
            }
            Path encryptionPrivate = directory.resolve(ENCRYPTION_PRIVATE);
            Path signingPrivate = directory.resolve(SIGNING_PRIVATE);
            Path signingCert = directory.resolve(SIGNING_CERT);
            if (Files.exists(encryptionPrivate) && Files.exists(signingPrivate) && Files.exists(signingCert)) {
                PrivateKey decryptionKey = readPrivateKey(encryptionPrivate);
                X509Certificate certificate = readCertificate(signingCert);
                return new SandboxKeys(new KeyPair(publicKeyOf(decryptionKey), decryptionKey),
                        readPrivateKey(signingPrivate), certificate);
            }
            SandboxKeys keys = generate();
            Files.createDirectories(directory);
            writePrivate(encryptionPrivate, pem("PRIVATE KEY", keys.encryption.getPrivate().getEncoded()));
            Files.writeString(directory.resolve(ENCRYPTION_PUBLIC), keys.encryptionPublicKeyPem());
            writePrivate(signingPrivate, pem("PRIVATE KEY", keys.signingKey.getEncoded()));
            Files.writeString(signingCert, keys.signingCertificatePem());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write sandbox keys in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sandbox keys in " + directory + " are unusable", e);
        }
    }

    /**
     * The e-way bill system's login key pair: NIC's EWB system has its own, so the sandbox keeps a second one next to
     * the IRP's, created on first use; fresh in memory when {@code directory} is null.
     */
    static KeyPair loadOrCreateEwbKeys(Path directory) {
        try {
            if (directory != null && Files.exists(directory.resolve(EWB_ENCRYPTION_PRIVATE))) {
                PrivateKey privateKey = readPrivateKey(directory.resolve(EWB_ENCRYPTION_PRIVATE));
                return new KeyPair(publicKeyOf(privateKey), privateKey);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            if (directory != null) {
                Files.createDirectories(directory);
                writePrivate(directory.resolve(EWB_ENCRYPTION_PRIVATE), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(directory.resolve(EWB_ENCRYPTION_PUBLIC), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the e-way bill key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The e-way bill key in " + directory + " is unusable", e);
        }
    }

    PublicKey encryptionPublicKey() {
        return encryption.getPublic();
    }

    PrivateKey decryptionKey() {
        return encryption.getPrivate();
    }

    PrivateKey signingKey() {
        return signingKey;
    }

    X509Certificate signingCertificate() {
        return signingCertificate;
    }

    /** Upper-case hex SHA-1 of the certificate DER: NIC's {@code kid}. */
    String kid() {
        return kid;
    }

    /** Base64url of the same thumbprint: NIC's {@code x5t}. */
    String x5t() {
        return x5t;
    }

    String encryptionPublicKeyPem() {
        return pem("PUBLIC KEY", encryption.getPublic().getEncoded());
    }

    String signingCertificatePem() {
        try {
            return pem("CERTIFICATE", signingCertificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SandboxKeys generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair encryption = generator.generateKeyPair();
        KeyPair signing = generator.generateKeyPair();
        return new SandboxKeys(encryption, signing.getPrivate(), selfSigned(signing));
    }

    private static X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=OpenIRN IRP Sandbox, O=OpenIRN, C=IN");
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)),
                    subject, pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot sign the sandbox certificate", e);
        }
    }

    private static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        var crt = (java.security.interfaces.RSAPrivateCrtKey) privateKey;
        return KeyFactory.getInstance("RSA").generatePublic(
                new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(file))));
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Files.writeString(file, pem);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing more to restrict.
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
