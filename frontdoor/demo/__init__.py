"""The demonstration: a fictional council (Northshire), its staff, contacts and channels, and
the synthetic population the person matcher is trained and benchmarked on. Nothing in the
runtime apps imports this package (docs/decisions/0023-demo-and-tooling.md)."""
