// The citation's access date (参照日 in SIST 02, urldate in BibTeX) is the day the reader opens
// the page, not the day the site was built: fill in the reader's local date, on the first load
// and after every instant-navigation switch (Material's document$).
document$.subscribe(() => {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  for (const el of document.querySelectorAll("[data-cite-accessed]")) {
    el.textContent = today;
  }
});
