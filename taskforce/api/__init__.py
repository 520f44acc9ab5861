"""The open data API (/api/v1/): read-only JSON of what the public pages show, for
researchers and partner agencies. Never registrants, people, email addresses or meeting
links; sample rows say so ("sample": true)."""
