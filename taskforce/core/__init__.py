"""What every app of the portal shares; it imports none of them."""
