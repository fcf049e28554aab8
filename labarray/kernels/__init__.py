"""numba kernels on plain ndarrays: small loops, compiled lazily, knowing nothing of labels."""
