// The event form of the admin: the note under each date and time box names the zone they
// are read in, and follows the time-zone list as the editor changes it. Without
// JavaScript the note names the zone the page was opened with, and says it is the one
// chosen above.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_timezone");
  if (!select) return;
  const update = () => {
    const option = select.options[select.selectedIndex];
    // "Pacific time (Tijuana, Baja California) — America/Tijuana": the name before the dash.
    const name = option ? option.text.split(" — ")[0] : "";
    document.querySelectorAll(".event-zone-name").forEach((element) => {
      element.textContent = name;
    });
  };
  select.addEventListener("change", update);
});
