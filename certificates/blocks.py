"""The flowing middle of the certificate: intro, results table, literacy, recommendation, disclaimer.

Each block measures itself at a font scale and returns (height in mm, draw function), so the
renderer can shrink the texts a little when long can-do sentences or a long recommendation would
run into the signatures.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from schemas.certificate import CertificateData
from schemas.vocabulary import Skill

from .drawing import PageDrawer, mm

Draw = Callable[[Canvas, float], None]


class FlowBlocks(PageDrawer):
    def flow_blocks(self, data: CertificateData, scale: float) -> list[tuple[float, Draw]]:
        blocks = [self.block_intro(scale), self.block_results(data, scale)]
        # Wording 1 printed them whenever present; from wording 2 on only where the deployment wants them.
        placement = data.wording == 1 or data.show_literacy_and_recommendation
        if placement and data.literacy:
            blocks.append(self.block_field("literacy", data.literacy, scale))
        if placement and data.recommendation:
            blocks.append(self.block_field("recommendation", data.recommendation, scale))
        blocks.append(self.block_disclaimer(scale))
        return blocks

    def block_intro(self, scale: float) -> tuple[float, Draw]:
        lay = self.layout
        lab = lay.labels["intro"]
        de_font, en_font = self.font("intro", scale), self.font("intro_en", scale)
        de, en = self.lines(lab.de, de_font, lay.width), self.lines(lab.en, en_font, lay.width)
        height = (len(de) * de_font.line + len(en) * en_font.line) / mm

        def draw(c: Canvas, top: float) -> None:
            baseline = top + de_font.size / mm
            for line in de:
                self.text(c, lay.left, baseline, line, de_font)
                baseline += de_font.line / mm
            for line in en:
                self.text(c, lay.left, baseline, line, en_font, "muted")
                baseline += en_font.line / mm

        return height, draw

    def block_results(self, data: CertificateData, scale: float) -> tuple[float, Draw]:
        lay = self.layout
        pad = lay.cell_pad * scale
        desc_x = lay.left + lay.col_skill + lay.col_level
        desc_w = lay.right - desc_x - 2 * pad
        skill_f, skill_en_f = self.font("skill", scale), self.font("skill_en", scale)
        cd_f, cd_en_f = self.font("can_do", scale), self.font("can_do_en", scale)
        head_h = 8.0 * scale
        rows = []
        for skill in Skill:
            names = self.lines(lay.skill_labels[skill].de, skill_f, lay.col_skill - 2 * pad)
            can_do = data.can_do.get(skill)
            de = self.lines(can_do.de, cd_f, desc_w) if can_do else ()
            en = self.lines(can_do.en, cd_en_f, desc_w) if can_do else ()
            left_h = (len(names) * skill_f.line + skill_en_f.line) / mm
            right_h = (len(de) * cd_f.line + len(en) * cd_en_f.line) / mm
            rows.append((skill, names, de, en, max(lay.min_row * scale, max(left_h, right_h) + 2 * pad)))
        height = head_h + sum(row[-1] for row in rows)

        def draw(c: Canvas, top: float) -> None:
            c.setFillColor(self.colors["shade"])
            c.rect(self.x(lay.left), self.y(top + head_h), lay.width * mm, head_h * mm, stroke=0, fill=1)
            for key, x in (("col_skill", lay.left), ("col_level", lay.left + lay.col_skill), ("col_can_do", desc_x)):
                self.text(c, x + pad, top + head_h / 2 - 0.3, lay.labels[key].de, self.font("table_head", scale))
                self.text(
                    c,
                    x + pad,
                    top + head_h / 2 + 2.6 * scale,
                    lay.labels[key].en,
                    self.font("table_head_en", scale),
                    "muted",
                )
            self.rule(c, lay.left, lay.right, top, "accent", 1.0)
            row_top = top + head_h
            self.rule(c, lay.left, lay.right, row_top, "accent", 0.6)
            level_f = self.font("level", scale)
            for skill, names, de, en, row_h in rows:
                baseline = row_top + pad + skill_f.size / mm
                for line in names:
                    self.text(c, lay.left + pad, baseline, line, skill_f)
                    baseline += skill_f.line / mm
                self.text(c, lay.left + pad, baseline, lay.skill_labels[skill].en, skill_en_f, "muted")
                level_x = lay.left + lay.col_skill + lay.col_level / 2
                self.text(
                    c,
                    level_x,
                    row_top + row_h / 2 + level_f.size * 0.36 / mm,
                    data.levels[skill],
                    level_f,
                    "accent",
                    "center",
                )
                baseline = row_top + pad + cd_f.size / mm
                for line in de:
                    self.text(c, desc_x + pad, baseline, line, cd_f)
                    baseline += cd_f.line / mm
                for line in en:
                    self.text(c, desc_x + pad, baseline, line, cd_en_f, "muted")
                    baseline += cd_en_f.line / mm
                row_top += row_h
                last = skill is list(Skill)[-1]
                self.rule(c, lay.left, lay.right, row_top, "accent" if last else "rule", 1.0 if last else 0.4)

        return height, draw

    def block_field(self, key: str, value: str, scale: float) -> tuple[float, Draw]:
        """A labelled text below the table, label in the skill column, text in the description column."""
        lay = self.layout
        pad = lay.cell_pad * scale
        head_f, head_en_f, body_f = (
            self.font("section", scale),
            self.font("section_en", scale),
            self.font("body", scale),
        )
        text_x = lay.left + lay.col_skill
        lines = self.lines(value, body_f, lay.right - text_x - pad)
        height = max((head_f.line + head_en_f.line) / mm, len(lines) * body_f.line / mm)

        def draw(c: Canvas, top: float) -> None:
            lab = lay.labels[key]
            self.text(c, lay.left + pad, top + head_f.size / mm, lab.de, head_f)
            self.text(c, lay.left + pad, top + (head_f.line + head_en_f.size) / mm, lab.en, head_en_f, "muted")
            baseline = top + body_f.size / mm
            for line in lines:
                self.text(c, text_x + pad, baseline, line, body_f)
                baseline += body_f.line / mm

        return height, draw

    def block_disclaimer(self, scale: float) -> tuple[float, Draw]:
        lay = self.layout
        lab = lay.labels["disclaimer"]
        pad = 2.5 * scale
        de_f, en_f = self.font("disclaimer", scale), self.font("disclaimer_en", scale)
        de, en = self.lines(lab.de, de_f, lay.width - 2 * pad), self.lines(lab.en, en_f, lay.width - 2 * pad)
        height = (len(de) * de_f.line + len(en) * en_f.line) / mm + 2 * pad

        def draw(c: Canvas, top: float) -> None:
            c.setFillColor(self.colors["shade"])
            c.rect(self.x(lay.left), self.y(top + height), lay.width * mm, height * mm, stroke=0, fill=1)
            baseline = top + pad + de_f.size / mm
            for line in de:
                self.text(c, lay.left + pad, baseline, line, de_f)
                baseline += de_f.line / mm
            for line in en:
                self.text(c, lay.left + pad, baseline, line, en_f, "muted")
                baseline += en_f.line / mm

        return height, draw
