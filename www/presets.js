// The preset gallery: scenarios that each show one behaviour (Figure 8, a rejoining server,
// partial connectivity…), with a caption saying what to watch. Loading one starts it at time 0.
import { html, setText } from './dom.js';

export class PresetGallery {
  constructor(section, controller) {
    this.controller = controller;
    this.presets = controller.presets();
    this.caption = section.querySelector('.preset-caption');
    if (this.presets.length === 0) {
      section.hidden = true;
      return;
    }
    const select = section.querySelector('.preset-select');
    select.append(...this.presets.map((preset) => html('option', { value: preset.name }, preset.title)));
    section.querySelector('.preset-load').addEventListener('click', () => this.load(select.value));
    for (const control of section.querySelectorAll('select, button')) control.disabled = false;
  }

  async load(name) {
    const preset = this.presets.find((candidate) => candidate.name === name);
    if (preset && await this.controller.reset(preset.scenario, `Loaded “${preset.title}”. Press Play to watch it.`)) {
      setText(this.caption, preset.caption);
    }
  }
}
