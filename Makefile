# Tiny entry points; see Scripts/bench.sh for the knobs (N, ROUNDS, SKIP_BUILD, ANZHI_BIN, ANZHI_SHARED).
N ?= 100000
ROUNDS ?= 5

.PHONY: bench bench-import bench-report bench-package bench-aggregate bench-xls build-release

build-release:
	swift build -c release

bench:
	Scripts/bench.sh $(N) $(ROUNDS)

.PHONY: samples setup
setup:
	Scripts/setup.sh

# The main job on the bundled samples (installs what is missing first).
samples: setup
	Scripts/samples.sh

# Issue 3: import speed (first import and unchanged re-import of a 100k-row batch).
bench-import:
	Scripts/bench-import.sh $(N) $(ROUNDS)

# Issue 4: the statistics report over a register of 1,000,000 people.
bench-report:
	Scripts/bench-report.sh 1000000 $(ROUNDS)

# Issue 11: a package of 100k people, exported and imported, against the plain import of the same batch.
bench-package:
	Scripts/bench-package.sh $(N) $(ROUNDS)

# Issue 13: 3,000 subordinate report packages imported and aggregated.
bench-aggregate:
	Scripts/bench-aggregate.sh 3000 $(ROUNDS)

# Issue 14: to-csv of a 65,000-row .xls (saved by LibreOffice) against python-calamine.
bench-xls:
	Scripts/bench-xls.sh 65000 $(ROUNDS)
