"""The city's view of its communes' reports: deadlines, the completeness grid, the city-wide
Phụ lục III roll-up and its XLSX, trends, bulk loading of communes, and synthetic data."""
