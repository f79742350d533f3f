"""Survey estimation: designs, calibration and design-based estimates with standard errors."""
