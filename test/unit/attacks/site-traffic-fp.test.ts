/**
 * False positives of site-traffic (test/eval/site-traffic.ts) removed in branch i18-fp17
 * (docs/detection.md, "Site traffic's false positives, by class (branch i18-fp17)"): each class of
 * benign value beside the attacks of the same form, in the same fields, that must stay flagged.
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

// A script function named at the start of a search, then words (`eval() is evil`): after a
// call's `)` only an operator may follow on the same line, so a name there is a syntax error and
// the script never runs. Quiet as xss. The call alone, after a break-out, followed by an operator
// (`in x`, `instanceof`), a comment, a `;`, a line break, or inside markup or a handler: still xss.
exampleTable(
  detector,
  [
    ['xss', 'eval()'],
    ['xss', 'alert(1)'],
    ['xss', 'alert(1) in x'],
    ['xss', 'alert(1) instanceof Object'],
    ['xss', 'alert(1) in new Foo'],
    ['xss', 'alert(1) // is evil'],
    ['xss', 'alert(1); is evil'],
    ['xss', 'alert(1)\nis evil'],
    ['xss', "';alert(1) //"],
    ['xss', "alert('a) is') + x"],
    ['xss', '"><script>alert(1) is evil</script>'],
    ['xss', '<img src=x onerror=alert(1) is evil>'],
    ['xss', 'x" onmouseover=alert(1) is "'],
    ['xss', 'eval() is evil <svg onload=alert(1)>'],
    ['xss', 'alert(document.cookie) is here'],
  ],
  ['eval() is evil', 'alert() in chrome extension', 'confirm() dialog styling', 'prompt() returns null on cancel'],
  ['q', 'json', 'form'],
  ['xss'],
);
