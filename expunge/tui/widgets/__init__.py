"""Small widgets the intake forms are built from."""
