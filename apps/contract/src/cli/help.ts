export const HELP = `Usage: npm run contract -- [command] [options]

Runs one list of scenarios against every target through the typed client's raw
layer, validates every response against the OpenAPI spec, compares the targets
and writes reports. Default: the Prism mock and an in-process sandbox.

Commands:
  (none)                  run the scenarios (the default)
  list                    print the scenarios (with their steps) and the rules
  sweep                   delete entries left by contract runs on the live account:
                          lists the account, deletes only entries marked
                          "contract-test <run-id>" older than --older-than
  suggest                 from a run's report, the change to the spec that would make
                          what was observed conform: a unified diff for git apply (or
                          --write), then what spec:diff says it means for consumers
  history                 the series the history keeps (one per target identity: kind,
                          server, account), the runs (one line each: targets, exit,
                          findings by severity, new, resolved), then the findings
                          still open in the latest run of each target, with their
                          age and fingerprint
  accept <fingerprint>…   accept findings by the fingerprint \`history\` lists, with
                          --reason: a spec rule's finding becomes a baseline entry
                          (until --expires); an observed drift becomes the target's
                          reference behaviour from the latest run that saw it on
  proxy                   a validating reverse proxy for real traffic: point a
                          consumer's CLOUDFLARE_BASE_URL at it; every exchange is
                          forwarded unchanged and validated (the request too); new
                          findings print as they appear; the reports and
                          exchanges.har are written every --flush-every and on
                          Ctrl-C / SIGTERM, which exits 0/1 by --fail-on

Options:
  --target <name>         mock | sandbox | live; repeatable (default: mock and sandbox;
                          sweep: live)
  --spec <path>           OpenAPI document, JSON or YAML (default: the repo's bundled spec;
                          suggest: the YAML to patch, default openapi/impersonation-registry.yaml)
  --scenario <name>       run only this scenario; repeatable (see \`list\`); \`generated\`
                          names the generated inputs and sequences
  --examples <n>          generated requests per stateful target after its scenarios
                          (default: 600; 0: none): examples from the spec's schemas and
                          model-based sequences on the run's own marked entries
  --seed <n>              the generation seed to replay (default: drawn and printed);
                          seeds that failed before are replayed first until they pass
  --coverage-min <pct>    fail the run when a target's generated coverage (operation ×
                          status, parameter, enum value × positive/negative) is below
  --fail-on <severity>    breaking | additive | info: the lowest severity of an
                          unaccepted finding that fails the run (default: breaking)
  --report-dir <dir>      where <run-id>/ and latest/ are written
                          (default: <repo>/reports/contract)
  --baseline <path>       accepted findings (default: apps/contract/baseline.json)
  --allow-writes          let the live target create, update and delete entries
                          (otherwise only GET steps run there; said in the summary)
  --sandbox-url <url>     use a running sandbox (its /client/v4 base URL) instead of
                          starting one; credentials from the CLOUDFLARE_* variables
                          it printed
  --concurrency <n>       scenarios at once per target (default: 4; live: 1)
  --older-than <age>      sweep: minimum age of a marked entry, e.g. 30m, 1h, 2d;
                          0 sweeps every marked entry (default: 1h)
  --report <dir>          suggest: the run's report directory, holding report.json
                          (default: <repo>/reports/contract/latest)
  --out <file>            suggest: write the patch there instead of stdout
  --write                 suggest: apply the change to the spec instead of printing it
  --history <path>        the history database: earlier runs, their findings and
                          observations (default: <report-dir>/history.db)
  --no-history            run without reading or recording a history
  --history-keep <runs>   runs the history keeps; older ones are pruned with their
                          findings and observations (default: 400)
  --last <n>              history: the number of runs listed (default: 20)
  --format <format>       history: text | json (default: text)
  --reason <text>         accept: why the difference is accepted (required)
  --expires <age>         accept: how long a baseline entry lasts, e.g. 30d (default: 30d)
  --upstream <url>        proxy: where requests go; its path is the proxy's base path
                          (default: https://api.cloudflare.com/client/v4)
  --port <n>              proxy: port to listen on; 0 picks a free one (default: 8788)
  --host <host>           proxy: address to listen on (default: 127.0.0.1)
  --flush-every <age>     proxy: write the reports this often, e.g. 30s, 5m; 0 = only
                          at the end (default: 60s)
  -h, --help              this help

Environment (live target, sweep, --sandbox-url):
  CLOUDFLARE_API_TOKEN    or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY
  CLOUDFLARE_ACCOUNT_ID   the account
  CLOUDFLARE_BASE_URL     default https://api.cloudflare.com/client/v4

History: every run is recorded in the series of each target's identity (kind,
server, account): another server under the same name is another series. Its
findings say whether they are new since the previous run of the series, when
they were first seen and in how many runs; report.json lists the previous run's
findings now resolved (this run looked again) and those not checked (this run
did not run what showed them; still open). The observed-* rules and
latency-regression judge a stateful target against its own series (at least 3
earlier runs), against its behaviour before a drift appeared for as long as the
drift lasts, until it reverts or is accepted; a change toward the spec is info.
A history that cannot be read is one warning; the run goes on without it.

Reports: report.json, summary.md, junit.xml, report.html and report.sarif. The
summary, summary.md and report.html lead with one headline per spec node a drift
contradicts and rule family, its findings beneath; report.sarif holds one result
per headline on its line of openapi/impersonation-registry.yaml, for GitHub code
scanning. When GITHUB_ACTIONS is "true", a run or a proxy session also prints
its failing headlines as ::error workflow commands (at most 50, then a count),
which GitHub shows as annotations on the spec.

Live safety: every entry a run creates carries "contract-test <run-id>" in its
name and comments; the run's journal.jsonl records each create before it is sent
and after; leftovers are deleted at the end and on Ctrl-C / SIGTERM.

Exit codes:
  0  no unaccepted finding at or above --fail-on, no failed or errored step
  1  such a finding, a failed or errored step, or an expired baseline entry
  2  usage, configuration or infrastructure error (bad flag, unreadable spec,
     missing credentials, unreachable target, Prism failing to start);
     history, accept: an unreadable history file; accept: an unknown fingerprint
  130/143 interrupted by SIGINT/SIGTERM (reports written, cleanup verified)
  suggest: 0 when it suggested a change or there is nothing to suggest, 2 when
  the report or the spec cannot be read or the patch cannot be written
  proxy: after SIGINT/SIGTERM, 0 or 1 as for a run (an operation whose requests
  got no answer from the upstream counts as errored); 2 for a bad flag, a bad
  --upstream or a port in use
`;
