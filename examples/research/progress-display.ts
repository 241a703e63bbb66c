import type { ResearchProgress } from './shared.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Live progress on the terminal: one line redrawn in place on a TTY, one
 * line per change otherwise (CI logs).
 */
export class ProgressDisplay {
  private frame = 0;
  private last = '';

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  update(p: ResearchProgress): void {
    const searches = p.searchesPlanned ? `  searches ${p.searchesDone}/${p.searchesPlanned}` : '';
    const line =
      `${p.stage.padEnd(15)}${searches}  llm calls ${p.llmCalls}  ` +
      `tokens ${p.totalTokens.toLocaleString('en-US')}  est. cost $${p.costUsd.toFixed(5)}`;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${FRAMES[this.frame++ % FRAMES.length]} ${line}`);
    } else if (line !== this.last) {
      this.out.write(`  ${line}\n`);
    }
    this.last = line;
  }

  /** Ends the live line so later output starts on a fresh line. */
  done(): void {
    if (this.out.isTTY) this.out.write(`\r\x1b[2K✔ ${this.last}\n`);
  }
}
