import { z } from "zod";

// randomId() output: lower-case base32. Anything else names no certificate (a 404, never a 500).
export const certificateId = z.string().regex(/^[a-z2-7]{16,64}$/);
export const CertificateParams = z.object({ id: certificateId });
