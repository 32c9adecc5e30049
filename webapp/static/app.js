// Keyboard shortcuts, queue row selection, and the place autocomplete. No inline scripts (CSP).
(function () {
  "use strict";
  const page = document.body.dataset.page;
  const typing = (e) => {
    const t = e.target;
    return t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  };

  if (page === "queue") {
    const rows = Array.from(document.querySelectorAll("#queue-table tbody tr"));
    let sel = -1;
    const select = (i) => {
      if (!rows.length) return;
      if (sel >= 0) rows[sel].classList.remove("sel");
      sel = Math.max(0, Math.min(rows.length - 1, i));
      rows[sel].classList.add("sel");
      rows[sel].scrollIntoView({ block: "nearest" });
    };
    rows.forEach((r, i) => r.addEventListener("click", (e) => {
      if (e.target.tagName !== "A") window.location = r.dataset.href;
    }));
    document.addEventListener("keydown", (e) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "j") select(sel + 1);
      else if (e.key === "k") select(sel - 1);
      else if ((e.key === "Enter" || e.key === "o") && sel >= 0) window.location = rows[sel].dataset.href;
      else if (e.key === "n") { const n = document.getElementById("next-page"); if (n) window.location = n.href; }
      else if (e.key === "u") {
        const s = document.getElementById("sort"); s.value = "uncertain";
        document.getElementById("filters").submit();
      } else return;
      e.preventDefault();
    });
  }

  if (page === "incident") {
    const form = document.getElementById("decide-form");
    const press = (id) => { const b = document.getElementById(id); if (b) b.click(); };
    document.addEventListener("keydown", (e) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "c") press("btn-confirm");
      else if (e.key === "r") press("btn-reject");
      else if (e.key === "s") press("btn-save");
      else if (e.key === "n") press("next-link");
      else if (e.key === "q") press("queue-link");
      else return;
      e.preventDefault();
    });

    const box = document.getElementById("locations");
    const tpl = document.getElementById("loc-template");
    const add = document.getElementById("add-loc");
    if (add && tpl && box) add.addEventListener("click", () => {
      box.appendChild(tpl.content.cloneNode(true));
      const rows = box.querySelectorAll(".loc-name");
      rows[rows.length - 1].focus();
    });
    if (box) box.addEventListener("click", (e) => {
      if (e.target.classList.contains("remove-loc")) e.target.closest(".loc-row").remove();
    });

    // autocomplete against /api/gazetteer; fills code and coordinates of the chosen place
    let timer = null, list = null, items = [], on = -1;
    const close = () => { if (list) list.remove(); list = null; items = []; on = -1; };
    const choose = (row, p) => {
      row.querySelector(".loc-name").value = p.name;
      row.querySelector(".loc-code").value = p.code;
      row.querySelector(".loc-lat").value = p.lat ?? "";
      row.querySelector(".loc-lon").value = p.lon ?? "";
      close();
    };
    const show = (input, places) => {
      close();
      if (!places.length) return;
      const row = input.closest(".loc-row");
      list = document.createElement("ul");
      list.className = "ac";
      places.forEach((p, i) => {
        const li = document.createElement("li");
        li.textContent = `${p.full_name || p.name} · ${p.code} · ${p.level}`;  // never HTML
        li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(row, p); });
        list.appendChild(li);
      });
      items = places;
      row.appendChild(list);
    };
    if (box) {
      box.addEventListener("input", (e) => {
        if (!e.target.classList.contains("loc-name")) return;
        const input = e.target;
        clearTimeout(timer);
        timer = setTimeout(async () => {
          const q = input.value.trim();
          if (q.length < 2) { close(); return; }
          const r = await fetch("/api/gazetteer?q=" + encodeURIComponent(q), { credentials: "same-origin" });
          if (r.ok) show(input, (await r.json()).places);
        }, 150);
      });
      box.addEventListener("keydown", (e) => {
        if (!list || !e.target.classList.contains("loc-name")) return;
        const lis = list.querySelectorAll("li");
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          if (on >= 0) lis[on].classList.remove("on");
          on = (on + (e.key === "ArrowDown" ? 1 : -1) + lis.length) % lis.length;
          lis[on].classList.add("on");
          e.preventDefault();
        } else if (e.key === "Enter" && on >= 0) {
          choose(e.target.closest(".loc-row"), items[on]);
          e.preventDefault();
        } else if (e.key === "Escape") close();
      });
      box.addEventListener("focusout", () => setTimeout(close, 150));
    }
    if (form) form.addEventListener("keydown", (e) => {
      // Enter in a text field saves rather than confirming by accident
      if (e.key === "Enter" && e.target.tagName === "INPUT" && !list) {
        e.preventDefault();
      }
    });
  }
})();
