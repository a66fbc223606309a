// Any other /api path: a JSON 404 with the API's security headers (the proxy does not run on /api).
import { NotFoundError } from "@/lib/domain/errors";
import { publicRoute } from "@/lib/server/handler";

const notFound = publicRoute<undefined, { path: string[] }>({}, async ({ req }) => {
  throw new NotFoundError(`No such API route: ${req.method} ${req.nextUrl.pathname}.`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
