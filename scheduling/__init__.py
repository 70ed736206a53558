"""Pure scheduling rules: capacity, slots, queue order.

No Flask, no database: `now` is passed in."""
