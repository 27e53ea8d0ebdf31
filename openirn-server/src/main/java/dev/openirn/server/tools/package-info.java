/**
 * Stateless tools around the IRP's signed documents: decode and verify a signed QR code (as text or
 * as a photo) or a signed invoice, render a QR code as an image, and the QR image of a stored e-invoice.
 */
package dev.openirn.server.tools;
