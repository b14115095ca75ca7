// Live preview of the deadline the words give, counted from when they were
// said. Without this script the form asks for confirmation on submit instead.
(function () {
  "use strict";
  const deadline = document.getElementById("id_deadline");
  const preview = document.getElementById("deadline-preview");
  const confirm = document.getElementById("id_confirm_deadline");
  if (!deadline || !preview || !confirm) return;
  const anchors = ["id_said_on", "id_made_on", "id_published_on"].map((id) => document.getElementById(id));
  const dateFormat = new Intl.DateTimeFormat("en-GB", {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
  let timer = null;
  let controller = null;

  function anchor() {
    for (const input of anchors) if (input && input.value) return input.value;
    return "";
  }

  async function update() {
    const text = deadline.value.trim();
    confirm.value = "";
    if (!text) { preview.textContent = ""; return; }
    if (controller) controller.abort();
    controller = new AbortController();
    const params = new URLSearchParams({text: text});
    if (anchor()) params.set("from", anchor());
    try {
      const response = await fetch(preview.dataset.previewUrl + "?" + params, {signal: controller.signal, headers: {Accept: "application/json"}});
      const body = await response.json();
      if (response.ok) {
        const date = new Date(body.resolves_on + "T00:00:00Z");
        preview.textContent = "“" + body.matched + "” → " + dateFormat.format(date);
        preview.dataset.state = "ok";
        confirm.value = body.resolves_on;  // the filer has now seen the date
      } else {
        preview.textContent = (body.text || body.from || ["No deadline found."])[0];
        preview.dataset.state = "error";
      }
    } catch (error) {
      if (error.name !== "AbortError") preview.textContent = "";
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  }
  deadline.addEventListener("input", schedule);
  anchors.forEach((input) => input && input.addEventListener("change", schedule));
  if (deadline.value) update();
})();
