/**
 * The concerns module's repository: the only place where SQL on concerns, concern_behaviours, concern_shares and
 * infohus_assessments lives (docs/architecture.md). Other modules reach these tables only through ./index.ts.
 */
export {};
