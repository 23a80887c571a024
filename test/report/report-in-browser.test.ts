/**
 * The reproduce report opened in a real browser (Debian's chromium, driven by playwright-core): drawn from
 * synthetic run records (fixture-runs.ts) on 2020 data, the page must load without console errors or
 * failed requests (it is self-contained: the Vega runtime sits beside index.html), every figure of the paper
 * must be rendered by the runtime and non-blank (its screenshot has at least 2 % of pixels away from the
 * background and more than a handful of distinct colours), the figures whose inputs are absent (the
 * PDD/PMD fits) must say so, and the claims table must have a number and a verdict in every row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePaperReport } from '../../src/output/report/paper-report.ts';
import { writeFixtureRuns } from './fixture-runs.ts';

const CHROMIUM = '/usr/bin/chromium';
const EXPECTED_FIGURES = ['fig1-2020', 'fig2', 'fig3-2020', 'fig4-2020', 'fig5-mu-2020', 'fig5-e-2020', 'fig6-left-2020', 'fig6-right-2020', 'fig7-left-2020', 'fig7-right-2020', 'fig8', 'fig9'];

/** Share of pixels away from white and number of distinct colours of a PNG, decoded by the browser itself. */
async function pixelStats(page: Page, png: Buffer): Promise<{ drawn: number; colours: number }> {
  return page.evaluate(async (dataUrl) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    let away = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235) away++;
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { drawn: away / (image.width * image.height), colours: colours.size };
  }, `data:image/png;base64,${png.toString('base64')}`);
}

describe.skipIf(!fs.existsSync(CHROMIUM))('reproduce report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-report-'));
    writeFixtureRuns(dir);
    await writePaperReport(dir, { data: '2020', runs: [], resultsDir: path.join(dir, 'no-earlier-release') });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-chromium-'));
    // A fresh profile per run (launchPersistentContext owns the --user-data-dir flag).
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1300, height: 900 },
      offline: true,
    });
    // Generous limits: on a loaded 2-core machine the drawing (~5 s CPU) and Chromium's start take long.
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('writes every figure as SVG and PNG beside index.html and the Vega runtime', () => {
    for (const id of EXPECTED_FIGURES) {
      expect(fs.existsSync(path.join(dir, `${id}.svg`)), id).toBe(true);
      expect(fs.statSync(path.join(dir, `${id}.png`)).size, id).toBeGreaterThan(2000);
    }
    expect(fs.existsSync(path.join(dir, 'vega.min.js'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)/);
  });

  it('opens offline with no console error, renders every figure non-blank and fills the claims table', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
    await page.goto(`file://${path.join(dir, 'index.html')}`);
    await page.waitForFunction((n) => document.querySelectorAll('.vis[data-rendered="true"]').length >= n, EXPECTED_FIGURES.length, { timeout: 90_000 });

    for (const id of EXPECTED_FIGURES) {
      const element = page.locator(`#vis-${id}`);
      const stats = await pixelStats(page, await element.screenshot());
      expect(stats.drawn, `${id}: share of drawn pixels`).toBeGreaterThan(0.02);
      expect(stats.colours, `${id}: distinct colours`).toBeGreaterThan(8);
    }
    // Absent optional runs are named, not silently dropped.
    expect(await page.locator('#fig1-2020 .missing').textContent()).toMatch(/Flavour PDD \(flavour-pdd\): not run/);

    const rows = await page.locator('#claims tbody tr').all();
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) {
      const cells = await row.locator('td').allTextContents();
      expect(cells).toHaveLength(5);
      expect(cells[1].trim().length, cells[0]).toBeGreaterThan(0);
      expect(cells[3]).toMatch(/^(reproduced|partly|not reproduced|not run)$/);
    }
    // The rows the fixture supports carry numbers, not "not run".
    const text = (await page.locator('#claims').textContent()) ?? '';
    expect(text).toMatch(/SM at \d+\.\dσ of the 17-D posterior/);
    expect(text).toMatch(/μ: SM at \d+\.\dσ/);
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);
});
