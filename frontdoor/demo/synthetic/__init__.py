"""The synthetic population the person matcher (frontdoor.people.matching) is trained, tested and
benchmarked on, and the training itself (``python -m frontdoor.demo.synthetic.train``)."""
