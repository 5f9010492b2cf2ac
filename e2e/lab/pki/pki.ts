// Per-run PKI: a CA and a server certificate for 127.0.0.1/localhost, both generated in memory
// with WebCrypto (ECDSA P-256) so every run trusts only its own API server.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface Pki {
  caCertPem: string;
  /** Kept in memory only (tests check it never leaks anywhere); never written to disk. */
  caKeyPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

export async function createPki(prefix: string, hosts: { ips?: string[]; dns?: string[] } = {}): Promise<Pki> {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${prefix}-ca`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const srvKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ips = ['127.0.0.1', ...(hosts.ips ?? [])];
  const dns = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', ...(hosts.dns ?? [])];
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${prefix}-apiserver`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: srvKeys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...ips.map((value) => ({ type: 'ip' as const, value })), ...dns.map((value) => ({ type: 'dns' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
      await x509.SubjectKeyIdentifierExtension.create(srvKeys.publicKey),
    ],
  });
  return { caCertPem: ca.toString('pem'), caKeyPem: await keyPem(caKeys.privateKey), serverCertPem: server.toString('pem'), serverKeyPem: await keyPem(srvKeys.privateKey) };
}
