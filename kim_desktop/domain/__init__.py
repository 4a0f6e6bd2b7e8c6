"""Pure domain: enums, value objects, rules and errors; imports nothing of the project but itself."""
