"""A worker's own work (issue 15 parts 3 and 4): my caseload, the team's workload, and
notifications with urgent alerts.

It sits above sharing, beside partners and returns, and below access
(docs/decisions/0027-allocation-caseloads-notifications.md): it reads the records of every app
below it, and those apps tell it what happened through their signals, received in
``WorkbenchConfig.ready()``. No lower app imports it.
"""
