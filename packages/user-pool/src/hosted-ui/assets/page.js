/*
 * Progressive enhancement for the hosted sign-in pages: a show/hide toggle on password fields and a live
 * checklist of the password rules. Every form works without this file; it only reads the markup the
 * server rendered (no inline handlers, so the CSP can stay at script-src 'self').
 */
(() => {
  // The symbols Cognito counts (space included), as in the pool's password policy check.
  const SYMBOLS = new Set([..."^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "]);

  const RULES = {
    length: (value, item) => [...value].length >= Number(item.dataset.min),
    lower: (value) => /[a-z]/.test(value),
    upper: (value) => /[A-Z]/.test(value),
    number: (value) => /[0-9]/.test(value),
    symbol: (value) => [...value].some((c) => SYMBOLS.has(c)),
    match: (value, item) => {
      const other = document.getElementById(item.dataset.match);
      return value !== "" && other instanceof HTMLInputElement && other.value === value;
    },
  };

  function addRevealToggle(box) {
    const input = box.querySelector("input");
    if (!(input instanceof HTMLInputElement)) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "reveal";
    button.setAttribute("aria-controls", input.id);
    const render = () => {
      const shown = input.type === "text";
      button.replaceChildren(shown ? "Hide" : "Show");
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " password";
      button.append(hidden);
    };
    button.addEventListener("click", () => {
      input.type = input.type === "password" ? "text" : "password";
      render();
      input.focus();
    });
    // A shown password goes back to a password field before the form is sent, so browsers store it as one.
    input.form?.addEventListener("submit", () => {
      input.type = "password";
      render();
    });
    render();
    box.append(button);
    box.classList.add("enhanced");
  }

  function bindChecklist(list) {
    const input = document.getElementById(list.dataset.rulesFor ?? "");
    if (!(input instanceof HTMLInputElement)) return;
    const items = [...list.querySelectorAll("li[data-rule]")];
    const update = () => {
      for (const item of items) {
        const rule = RULES[item.dataset.rule];
        const met = rule ? rule(input.value, item) : false;
        item.classList.toggle("met", met);
        item.querySelector(".state")?.replaceChildren(met ? " (done)" : "");
      }
    };
    for (const item of items) {
      const state = document.createElement("span");
      state.className = "state visually-hidden";
      item.append(state);
    }
    input.addEventListener("input", update);
    for (const item of items) {
      const other = item.dataset.match && document.getElementById(item.dataset.match);
      if (other) other.addEventListener("input", update);
    }
    list.classList.add("live");
    update();
  }

  for (const box of document.querySelectorAll(".secret")) addRevealToggle(box);
  for (const list of document.querySelectorAll("ul[data-rules-for]")) bindChecklist(list);
})();
