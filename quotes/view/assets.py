"""What every page carries: the inline style sheet, the little script, the legend, the frame."""

from __future__ import annotations

from quotes.core.record_rules import KINDS
from quotes.view.columns import KIND_LETTER
from quotes.view.markup import text

__all__ = ["CSS", "JS", "LEGEND", "page"]

LEGEND = (
    '<div class="legend" aria-label="legend">'
    + "".join(f'<mark class="q q-{k}" data-label="{KIND_LETTER[k]}">{k}</mark> ' for k in KINDS)
    + '<span class="cue">cue</span> <span class="mention">speaker mention</span> '
    '<span class="region region-sidebar">region</span> '
    '<span class="corr">corrected</span>'
    " · keys: Tab / <kbd>j</kbd> next quotation, <kbd>k</kbd> previous, <kbd>Esc</kbd> clear"
    "</div>"
)

CSS = """
:root{--direct:#b3d9ff;--mixed:#ffe08a;--indirect:#c9f2c2;--fg:#111;--muted:#555}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--fg);margin:0;padding:0 1.2rem 3rem;background:#fff}
header{border-bottom:1px solid #ccc;padding:.6rem 0}
h1{font-size:1.4rem;margin:.3rem 0}
nav a{margin-right:1rem}
.layout{display:flex;gap:1.2rem;align-items:flex-start}
.text{flex:3;white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.3;font-family:Georgia,
"DejaVu Serif",serif;font-size:17px;padding-top:.8rem;min-width:0}
.quotes{flex:2;max-height:92vh;overflow:auto;position:sticky;top:0;font-size:14px;min-width:0}
.compare{display:flex;gap:1.5rem}
.compare .column{flex:1;min-width:0}
.compare .layout{flex-direction:column}
.compare .quotes{position:static;max-height:none}
mark.q{color:inherit;padding:0;position:relative;text-decoration-line:underline;
text-decoration-thickness:2px;text-underline-offset:4px}
mark.q-direct{background:var(--direct);text-decoration-style:solid}
mark.q-mixed{background:var(--mixed);text-decoration-style:dashed}
mark.q-mixed .quoted{font-style:italic;font-weight:600}
mark.q-indirect{background:var(--indirect);text-decoration-style:dotted;text-decoration-thickness:3px}
[data-label]::before{content:attr(data-label);position:absolute;left:0;top:-1.25em;
font:bold 10px/1.2 system-ui,"DejaVu Sans",sans-serif;background:#222;color:#fff;padding:0 3px;
border-radius:2px;white-space:nowrap;pointer-events:none}
.legend [data-label]::before{position:static;margin-right:3px}
mark.q:focus,mark.q.active{outline:3px solid #000;outline-offset:1px}
mark.q.active{filter:saturate(2)}
mark.st-miss{box-shadow:inset 0 -0.45em 0 rgba(220,0,0,.35)}
mark.st-false-alarm{box-shadow:inset 0 -0.45em 0 rgba(150,0,200,.35)}
mark.st-miss[data-label]::before{background:#a00}
mark.st-false-alarm[data-label]::before{background:#60a}
.cue{font-style:italic;outline:1px dashed #333;outline-offset:0}
.mention{font-weight:bold;outline:1.5px solid #333;outline-offset:0}
.corr{text-decoration:overline wavy #c00}
.region{position:relative}
.region-headline{font-weight:bold;font-size:1.25em;background:#eee}
.region-dateline{font-variant:small-caps;background:#eee}
.region-sidebar{background:repeating-linear-gradient(135deg,#f3eee0 0 8px,#e9e1cc 8px 16px)}
.region-caption{font-style:italic;background:#eef3f7}
.region-furniture{color:var(--muted);font-style:italic;
background:repeating-linear-gradient(45deg,#f2f2f2 0 6px,#e4e4e4 6px 12px)}
.region[data-label]::before{background:#666}
.info-list{padding-left:0;list-style:none}
.info{border:1px solid #ccc;border-left-width:6px;border-radius:4px;margin:0 0 .6rem;
padding:.4rem .6rem}
.info.active{border-color:#000}
.info.st-miss{border-left-color:#a00}.info.st-false-alarm{border-left-color:#60a}
.info dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .6rem;margin:.3rem 0}
.info dt{color:var(--muted)}.info dd{margin:0}
.qtext{margin:.2rem 0;font-style:italic}
.kind-tag,.status-tag{font-size:12px;border:1px solid #333;border-radius:3px;padding:0 4px}
.problem{color:#a00}
.meta dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem}
.meta dt{font-weight:bold}.meta dd{margin:0}
.evidence{color:var(--muted);font-size:14px}
.corrections{border-collapse:collapse;font-size:14px}
.corrections td,.corrections th{border:1px solid #ccc;padding:2px 6px;text-align:left}
.legend{font-size:14px;padding:.8rem 0 .2rem;line-height:2}
table.index{border-collapse:collapse}
table.index td,table.index th{border:1px solid #ccc;padding:3px 8px;text-align:left}
"""

JS = """
(function(){
  function firsts(scope){
    return Array.prototype.slice.call(scope.querySelectorAll('mark[data-first]'));}
  function mark(key,on){
    document.querySelectorAll('[data-q]').forEach(function(el){
      var keys=el.getAttribute('data-q').split(' ');
      if(keys.indexOf(key)>=0){el.classList.toggle('active',on);}
    });
  }
  var current=null;
  document.addEventListener('focusin',function(e){
    var el=e.target.closest&&e.target.closest('mark[data-q]');
    if(current){mark(current,false);current=null;}
    if(el){current=el.getAttribute('data-q');mark(current,true);}
  });
  document.addEventListener('keydown',function(e){
    if(e.ctrlKey||e.metaKey||e.altKey)return;
    if(e.key==='Escape'&&current){mark(current,false);current=null;
      if(document.activeElement)document.activeElement.blur();return;}
    if(e.key!=='j'&&e.key!=='k')return;
    var active=document.activeElement&&document.activeElement.closest?
      document.activeElement.closest('mark[data-q]'):null;
    var scope=(active&&active.closest('.column'))||document.querySelector('.column');
    if(!scope)return;
    var list=firsts(scope);if(!list.length)return;
    var i=-1;
    if(active){var key=active.getAttribute('data-q');
      for(var n=0;n<list.length;n++){if(list[n].getAttribute('data-q')===key){i=n;break;}}}
    i=e.key==='j'?Math.min(i+1,list.length-1):Math.max(i-1,0);
    list[i].focus();list[i].scrollIntoView({block:'center'});e.preventDefault();
    /* focusin does not fire while the window is unfocused: light the quotation up here too */
    if(current){mark(current,false);}
    current=list[i].getAttribute('data-q');mark(current,true);
  });
})();
"""


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{text(title)}</title><style>{CSS}</style></head>\n"
        f"<body>{body}<script>{JS}</script></body></html>\n"
    )
