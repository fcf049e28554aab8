"""Moving and block windows: rolling, rolling_exp and coarsen."""
