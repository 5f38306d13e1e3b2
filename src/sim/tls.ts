// A throwaway certificate authority and a loopback server certificate,
// generated at start, so kubesim serves HTTPS like a real API server and
// clients verify it through certificate-authority-data (no insecure flags).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface SimTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function rsaKeys(): { privatePem: string; publicPem: string } {
  // Node's native key generation is ~100x faster than forge's pure JS one.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive, non-zero serial number (high bit cleared).
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

/** Generates a CA and a server certificate for 127.0.0.1 / localhost, valid for a year. */
export function generateTls(): SimTls {
  const pki = forge.pki;
  const now = new Date();
  const later = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  const earlier = new Date(now.getTime() - 3600 * 1000);

  const caKeys = rsaKeys();
  const caKey = pki.privateKeyFromPem(caKeys.privatePem);
  const ca = pki.createCertificate();
  ca.publicKey = pki.publicKeyFromPem(caKeys.publicPem);
  ca.serialNumber = serial();
  ca.validity.notBefore = earlier;
  ca.validity.notAfter = later;
  const caSubject = [{ name: 'commonName', value: 'kubesim-ca' }];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const serverKeys = rsaKeys();
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(serverKeys.publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = earlier;
  cert.validity.notAfter = later;
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
        { type: 2, value: 'kubernetes.default.svc' },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());

  return { caPem: pki.certificateToPem(ca), certPem: pki.certificateToPem(cert), keyPem: serverKeys.privatePem };
}
