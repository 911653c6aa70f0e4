#!/usr/bin/env bash
# npm run test:e2e:pg — the journeys that touch every table (register, lesson, quiz, certificate, and issue 14's
# supervision journey: units, import, invitations through the outbox, assignments, compliance) against a production
# build on a throwaway PostgreSQL cluster (scripts/with-postgres.sh). Run `npm run build` first. Extra arguments go
# to Playwright (e.g. a spec file).
set -euo pipefail
cd "$(dirname "$0")/.."
specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
  specs=(tests/e2e/auth.spec.ts tests/e2e/courses.spec.ts tests/e2e/quiz.spec.ts tests/e2e/certificates.spec.ts tests/e2e/durability.spec.ts tests/e2e/supervision-journey.spec.ts)
fi
# With PostgreSQL the server refuses to start without a shared issuer key; a fresh one serves a test run.
ISSUER_KEY="$(node_modules/.bin/tsx scripts/issuer-key.ts)"
export ISSUER_KEY
exec scripts/with-postgres.sh node_modules/.bin/playwright test "${specs[@]}"
