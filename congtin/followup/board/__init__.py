"""The organiser's follow-up board (units × required results), the roll-up up the unit tree,
the XLSX export, the summary report and its draft portal article."""
