import Holidays from "date-holidays";
const countries = Object.keys(new Holidays().getCountries());
console.log(countries.length);
let multi = 0, partial = 0;
const ex=[];
for (const c of countries) {
  const hd = new Holidays(c);
  for (const y of [2025, 2026]) for (const h of hd.getHolidays(y)) {
    if (h.type !== "public") continue;
    const dur = h.end - h.start;
    if (dur > 25*3600e3) { multi++; if (ex.length<15) ex.push([c,h.date,h.name,dur/3600e3]); }
    if (!h.date.endsWith("00:00:00") && !/ 00:00:00 /.test(h.date)) { partial++; }
  }
}
console.log({multi, partial}); console.log(ex);
// dates with offset suffix?
for (const c of countries) { const hd=new Holidays(c); for (const h of hd.getHolidays(2026)) if (h.date.length>19) { console.log("suffix", c, h.date); break; } }
