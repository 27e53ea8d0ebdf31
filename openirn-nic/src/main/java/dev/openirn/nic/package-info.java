/**
 * The client of NIC's e-invoice IRP API, one {@link dev.openirn.nic.NicClient} per IRP.
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>Nothing throws for IRP or network trouble; every call answers a {@link dev.openirn.nic.NicResult}.</li>
 *   <li>Sessions are cached per (IRP, GSTIN, user) until {@code TokenExpiry − refreshBeforeExpiry}; one caller
 *       logs in while the others wait. An early refresh that cannot reach the IRP keeps the unexpired token.
 *       A call refused with 1005/1015 triggers one re-login (with {@code ForceRefreshAccessToken}) and one
 *       retry; a second refusal is {@code AuthFailed}.</li>
 *   <li>On the auth call, any 1xxx code is {@code AuthFailed}; any other refusal of a login is reported to
 *       the caller of a business call as {@code TransportFailure(PROTOCOL)}, because it says nothing about
 *       that call's document. On other calls the credential codes are {@code AuthFailed}.</li>
 *   <li>2150 with a DUPIRN {@code InfoDtls} entry is {@code Duplicate}; 2150 without it stays {@code Rejected}.</li>
 *   <li>With a signing certificate configured, a success whose SignedInvoice/SignedQRCode fails RS256 or
 *       {@code kid} checks becomes {@code SignatureInvalid} (for generate and both gets), never {@code Success}.</li>
 *   <li>A connect timeout is {@code CONNECTION} (nothing was sent); only a response timeout is {@code TIMEOUT}.</li>
 * </ul>
 */
package dev.openirn.nic;
