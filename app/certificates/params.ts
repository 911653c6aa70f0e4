import { z } from "zod";
import { RandomId } from "~/ids";

export const CertificateParams = z.object({ id: RandomId });
