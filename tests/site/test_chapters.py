"""Chapters 2, 3, 5, 6, the supplements, the exercises, the errata and the top page, as built.

Each numbered equation sits at its static anchor on its page; every heading has an explicit id;
and the numbers the prose relies on are in the executed outputs. The expected numbers are
computed here from the chapters' inputs with numpy and `crossentropy`, never typed in.
"""

import re

import numpy as np
import pytest

import crossentropy as ce

EQUATIONS = {
    "ch2": ["2.1", "2.2", "2.3"],
    "ch3": ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"],
    "ch5": ["5.1", "5.2", "5.3"],
    "ch6": ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"],
    "supplement-a": ["A.1", "A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8"],
    "supplement-b": ["B.1", "B.2", "B.3", "B.4"],
}
NOTEBOOKS = ["ch2", "ch3", "ch5", "ch6", "supplement-a", "supplement-b", "exercises"]
PAGES = ["", *NOTEBOOKS, "errata"]

# The chapters' inputs (chapter 3 and the supplements share the die).
P_TRUE = np.array([0.1, 0.1, 0.1, 0.1, 0.2, 0.4])
SEED = 7
N = 20
FAIR = np.full(6, 1 / 6)


def anchor(number: str) -> str:
    return "eq-" + number.lower().replace(".", "-")


def outputs(soup) -> str:
    return "\n".join(o.get_text() for o in soup.select(".jp-OutputArea-output"))


def figure_texts(soup, site_dir, name) -> list[str]:
    """The text matplotlib writes as comments into each SVG figure (titles, labels, ticks).

    Figures are served as SVG files next to the site's assets (src/textbook_site/figures.py).
    """
    texts = []
    for img in soup.select(".jp-OutputArea-output img[src$='.svg']"):
        svg = (site_dir / name / img["src"]).resolve().read_text(encoding="utf-8")
        texts.append("\n".join(re.findall(r"<!-- (.*?) -->", svg)))
    return texts


def line_starting(text: str, prefix: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(prefix))


# Equations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [(name, number) for name, numbers in EQUATIONS.items() for number in numbers],
)
def test_each_numbered_equation_carries_its_static_anchor(page, name, number):
    element = page(name).find(id=anchor(number))
    assert element is not None, f"/{name}/ has no element with id={anchor(number)}"
    assert "arithmatex" in element["class"]
    assert f"\\tag{{{number}}}" in element.get_text()


@pytest.mark.parametrize("name", EQUATIONS)
def test_page_numbers_exactly_its_equations_in_order(page, name):
    tags = re.findall(r"\\tag\{([^}]*)\}", page(name).select_one("article").get_text())
    assert tags == EQUATIONS[name]


def tex(soup, number: str) -> str:
    return " ".join(soup.find(id=anchor(number)).get_text().split())


def test_equation_3_6_is_the_log_likelihood_chapter_4_cites(page):
    assert "\\log L = \\sum_{k=1}^{6} t_k \\log y_k" in tex(page("ch3"), "3.6")


def test_equation_3_7_writes_out_all_six_terms(page):
    text = tex(page("ch3"), "3.7")
    assert text.count("\\log y_") == 6
    for k in range(1, 7):
        assert f"t_{k} \\log y_{k}" in text


def test_cross_entropy_equations_carry_the_minus_sign(page):
    assert "E = -\\sum_{k=1}^{K} t_k \\log y_k" in tex(page("ch5"), "5.1")
    assert "E = -\\log y_c" in tex(page("ch5"), "5.3")
    assert "\\frac{1}{N} \\sum_{n=1}^{N} E_n" in tex(page("ch6"), "6.2")
    assert "y_{nk} - t_{nk}" in tex(page("ch6"), "6.6")


def test_supplements_state_the_estimate_and_the_decomposition(page):
    assert "\\hat{y}_k = \\frac{n_k}{N}" in tex(page("supplement-a"), "A.4")
    assert "= H(t) + D_{\\mathrm{KL}}(t \\,\\|\\, y)" in tex(page("supplement-b"), "B.3")


# Headings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_every_heading_has_an_explicit_unique_id(page, name):
    headings = page(name).select(
        "article h1, article h2, article h3, article h4, article h5, article h6"
    )
    assert headings
    ids = [h.get("id") for h in headings]
    for heading, heading_id in zip(headings, ids):
        assert heading_id, f"heading without id: {heading.get_text(strip=True)}"
        assert not re.fullmatch(r"_\d+", heading_id), f"automatic id {heading_id}"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", heading_id), heading_id
    assert len(ids) == len(set(ids))
    assert len(page(name).select("article h1")) == 1


# Executed notebooks ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_ran_without_stderr_or_errors(page, name):
    soup = page(name)
    assert soup.select(".jp-OutputArea-output"), "no executed output"
    assert not soup.select("[data-mime-type='application/vnd.jupyter.stderr']")
    assert "Traceback" not in outputs(soup)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_can_be_downloaded(page, site_dir, name):
    link = page(name).select_one("p.notebook-download a[download]")
    assert link is not None
    assert (site_dir / name / link["href"]).is_file()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_implementations_are_included_not_left_as_snippet_markers(page, name):
    text = page(name).select_one("article").get_text()
    # Neither an include line (raw, or escaped by nbconvert) nor a section marker.
    assert "--8<--" not in text and "--8&lt;--" not in text


@pytest.mark.parametrize(
    ("name", "functions"),
    [
        ("ch2", ["one_hot"]),
        ("ch3", ["simulate_die", "likelihood", "log_likelihood"]),
        ("ch5", ["cross_entropy"]),
        ("ch6", ["softmax", "log_softmax", "softmax_cross_entropy", "softmax_cross_entropy_grad"]),
        ("supplement-a", ["mle"]),
        ("supplement-b", ["entropy", "kl_divergence"]),
    ],
)
def test_chapter_shows_the_source_of_the_functions_it_introduces(page, name, functions):
    code = "\n".join(
        block.get_text() for block in page(name).select("article details .highlight code")
    )
    for function in functions:
        assert re.search(rf"^def {function}\(", code, re.MULTILINE), (
            f"/{name}/ does not show def {function}("
        )


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("ch2", ["イヌの写真に対する正解と予測"]),
        ("ch3", ["y_6 を動かしたときの尤度関数（20回のデータ）"]),
        ("ch5", ["正解クラスの確率と交差エントロピー"]),
        ("supplement-a", ["コインの対数尤度関数（点は相対頻度の位置）"]),
        ("supplement-b", ["交差エントロピー = エントロピー + KLダイバージェンス"]),
    ],
)
def test_figures_are_svg_with_japanese_titles(page, site_dir, name, titles):
    texts = figure_texts(page(name), site_dir, name)
    assert len(texts) == len(titles)
    for text, title in zip(texts, titles):
        assert title in text


# Numbers the prose relies on ------------------------------------------------------------------


def test_ch2_prediction_is_a_distribution_and_a_bad_one_is_refused(page):
    text = outputs(page("ch2"))
    assert "合計: 1.0" in text
    assert "確率が最大のクラス: イヌ" in text
    assert re.search(r"ValueError: .*1\.2", text)


def test_ch3_table_shows_the_simulated_counts(page):
    counts = ce.simulate_die(P_TRUE, N, seed=SEED)
    table = next(
        t
        for t in page("ch3").select(".jp-OutputArea-output table")
        if "20回" in t.caption.get_text()
    )
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    expected = [
        [str(k), str(n), f"{r:.2f}"] for k, n, r in zip(range(1, 7), counts, ce.mle(counts))
    ]
    assert rows == expected
    assert f"目ごとの回数: {counts}" in outputs(page("ch3"))


def test_ch3_relative_frequencies_have_the_largest_likelihood(page):
    text = outputs(page("ch3"))
    counts = ce.simulate_die(P_TRUE, N, seed=SEED)
    for label, y in [
        ("公正なサイコロ", FAIR),
        ("細工の中身 P_TRUE", P_TRUE),
        ("相対頻度 n_k/N", ce.mle(counts)),
    ]:
        assert f"L = {ce.likelihood(counts, y):.3e}" in line_starting(text, label + " ")
    assert "尤度が最大のモデル: 相対頻度 n_k/N" in text


def test_ch3_product_underflows_while_the_log_does_not(page):
    text = outputs(page("ch3"))
    assert "公正なサイコロ: 2000 回ぶんの積 = 0.0" in text
    assert "細工の中身 P_TRUE: 2000 回ぶんの積 = 0.0" in text
    first_zero = int(np.argmax(np.cumprod(np.full(2000, 1 / 6)) == 0.0)) + 1
    assert f"1/6 を掛け続けると、{first_zero} 回目で積が 0 になる" in text
    many = ce.simulate_die(P_TRUE, 2000, seed=SEED)
    assert f"公正なサイコロ: log L = {ce.log_likelihood(many, FAIR):.2f}" in text
    assert f"細工の中身 P_TRUE: log L = {ce.log_likelihood(many, P_TRUE):.2f}" in text


def test_ch3_log_likelihood_terms_and_their_sum(page):
    text = outputs(page("ch3"))
    counts = ce.simulate_die(P_TRUE, N, seed=SEED)
    log_l = ce.log_likelihood(counts, P_TRUE)
    for prefix in ["各項の和", "ce.log_likelihood", "log(ce.likelihood)", "式 (3.2) の対数の和"]:
        assert line_starting(text, prefix).endswith(f"= {log_l:.4f}")
    for k in range(6):
        term = counts[k] * np.log(P_TRUE[k])
        assert line_starting(text, f"t_{k + 1} log y_{k + 1} =").endswith(f"= {term:.4f}")
    assert f"log L / N            = {log_l / N:.4f}" in text


def test_ch3_likelihood_peaks_at_the_relative_frequency(page):
    text = outputs(page("ch3"))
    share = ce.mle(ce.simulate_die(P_TRUE, N, seed=SEED))[5]
    assert f"log L が最大になる y_6 = {share:.2f}" in text
    assert f"L が最大になる y_6     = {share:.2f}" in text


def test_ch5_untrained_and_trained_networks(page):
    text = outputs(page("ch5"))
    untrained, trained = -np.log(0.33), -np.log(0.8)
    assert trained < untrained
    assert f"学習前: E = {untrained:.4f}   -log y_1 = {untrained:.4f}" in text
    assert f"学習後: E = {trained:.4f}   -log y_1 = {trained:.4f}" in text
    assert f"log 3 = {np.log(3):.4f}" in text
    assert "学習前の分類器が選ぶクラス: オオカミ" in text
    assert f"クラス番号で渡した場合: E = {trained:.4f}" in text


def test_ch5_ends_of_the_curve(page):
    text = outputs(page("ch5"))
    assert re.search(r"正解に確率 1 を与えた場合: 0\.0$", text, re.MULTILINE)
    assert re.search(r"正解に確率 0 を与えた場合: inf$", text, re.MULTILINE)
    soft = ce.cross_entropy(np.array([0.9, 0.05, 0.05]), np.array([0.8, 0.1, 0.1]))
    assert f"E = {soft:.4f}" in text


CH6_LABELS = np.array([0, 2, 1, 0])
CH6_Y = np.array([[0.8, 0.1, 0.1], [0.2, 0.2, 0.6], [0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
CH6_Z = np.array([[2.0, 0.0, 0.0], [-1.0, 0.5, 1.5], [0.0, 1.8, 0.5], [1.0, 0.6, 0.1]])


def test_ch6_per_sample_sum_and_mean(page):
    text = outputs(page("ch6"))
    per_sample = -np.log(CH6_Y[np.arange(4), CH6_LABELS])
    for n, value in enumerate(per_sample, start=1):
        assert f"E_{n} = {value:.4f}" in text
    assert f"合計 Σ E_n     = {per_sample.sum():.4f}" in text
    assert f"平均 E         = {per_sample.mean():.4f}" in text
    assert f"8 件: 合計 = {2 * per_sample.sum():.4f}  平均 = {per_sample.mean():.4f}" in text
    assert f"-log L / N = {per_sample.mean():.4f}" in text


def test_ch6_softmax_and_its_gradient(page):
    text = outputs(page("ch6"))
    loss = ce.softmax_cross_entropy(CH6_LABELS, CH6_Z)
    assert f"ロジットから:       E = {loss:.4f}" in text
    assert f"確率を経由して:     E = {loss:.4f}" in text
    assert "中心差分との差の最大値は 1e-8 未満か: True" in text
    double = ce.softmax_cross_entropy(CH6_LABELS, ce.softmax(CH6_Z))
    assert f"ソフトマックス二重: E = {double:.4f}" in text
    assert "式 (6.4) をそのまま計算: [nan" in text


def test_supplement_a_no_alternative_beats_the_estimate(page):
    text = outputs(page("supplement-a"))
    counts = ce.simulate_die(P_TRUE, N, seed=SEED)
    assert f"最尤推定値の log L       = {ce.log_likelihood(counts, ce.mle(counts)):.4f}" in text
    assert "最尤推定値を超えた候補の数: 0" in text


def test_supplement_a_coin_peaks_at_its_relative_frequency(page):
    text = outputs(page("supplement-a"))
    for tosses in [20, 200]:
        heads = ce.simulate_die(np.array([0.3, 0.7]), tosses, seed=SEED)[0]
        share = heads / tosses
        line = line_starting(text, f"N = {tosses}: 表の回数")
        assert f"表の回数 = {heads}, 相対頻度 = {share:.3f}, 最大になる y_1 = {share:.3f}" in line


def test_supplement_a_estimate_approaches_the_truth(page):
    text = outputs(page("supplement-a"))
    errors = {}
    for throws in [20, 200, 2000, 20000]:
        estimate = ce.mle(ce.simulate_die(P_TRUE, throws, seed=SEED))
        errors[throws] = np.max(np.abs(estimate - P_TRUE))
        assert line_starting(text, f"N = {throws:>5}:").endswith(
            f"最大のずれ = {errors[throws]:.3f}"
        )
    assert errors[20000] < errors[20]


def test_supplement_b_decomposition_on_the_chapter_3_die(page):
    text = outputs(page("supplement-b"))
    counts = ce.simulate_die(P_TRUE, N, seed=SEED)
    t = ce.mle(counts)
    h = ce.entropy(t)
    assert f"H(t) = {h:.4f}" in text
    for label, y in [
        ("公正なサイコロ", FAIR),
        ("細工の中身 P_TRUE", P_TRUE),
        ("相対頻度 n_k/N", t),
    ]:
        e, d = ce.cross_entropy(t, y), ce.kl_divergence(t, y)
        assert np.isclose(e, h + d)
        numbers = line_starting(text, label + " ").split()[-4:]
        assert numbers == [f"{e:.4f}", f"{d:.4f}", f"{h + d:.4f}", f"{e:.4f}"]
    assert f"D_KL(t ‖ P_TRUE) = {ce.kl_divergence(t, P_TRUE):.4f}" in text
    assert f"D_KL(P_TRUE ‖ t) = {ce.kl_divergence(P_TRUE, t):.4f}" in text


def test_supplement_b_entropy_examples(page):
    text = outputs(page("supplement-b"))
    assert f"公正なサイコロのエントロピー     = {np.log(6):.4f}" in text
    assert "公正なコインのエントロピー（底 2）= 1.0000 ビット" in text
    assert "one-hot 表現のエントロピー       = 0.0000" in text


# Exercises, errata, top page ------------------------------------------------------------------


def test_exercises_two_per_chapter_and_supplement_each_with_a_folded_answer(page):
    soup = page("exercises")
    questions = [h["id"] for h in soup.select("article h3")]
    for prefix in ["2", "3", "4", "5", "6", "a", "b"]:
        assert sum(q.startswith(f"ex-{prefix}-") for q in questions) >= 2, prefix
    answers = soup.select("article details.answer")
    assert len(answers) == len(questions)
    for details in answers:
        assert not details.has_attr("open")
        assert details.summary.get_text(strip=True) == "解答"
        assert details.select(".jp-OutputArea-output"), "an answer without computed output"


def test_exercise_answers_are_computed(page):
    text = outputs(page("exercises"))
    threshold = int(np.floor(-np.log(np.nextafter(0.0, 1.0)) / np.log(6))) + 1
    assert f"0 になる回数の見積もり: {threshold}" in text
    assert f"オオカミの写真: E = {-np.log(0.35):.4f}" in text
    assert f"平均 = {np.mean(-np.log([0.7, 0.4, 0.8])):.4f}" in text


def test_errata_records_the_sign_correction_and_the_numbering(page):
    article = page("errata").select_one("article")
    assert article.find(id="sign-of-4-3") is not None
    assert "-\\log L = -\\sum_{k=1}^{K} t_k \\log y_k" in article.get_text()
    hrefs = {a["href"] for a in article.select("a[href]")}
    for target in ["../ch3/#eq-3-6", "../ch3/#eq-3-7", "../ch4/#eq-4-3"]:
        assert target in hrefs


def test_top_page_notation_table_and_chapter_map(page):
    article = page("").select_one("article")
    symbols = [
        " ".join(td.get_text().split()) for td in article.select("#notation ~ table td:first-child")
    ]
    for symbol in [
        "\\(K\\)",
        "\\(t_k\\)",
        "\\(y_k\\)",
        "\\(n_k\\)",
        "\\(N\\)",
        "\\(L\\)",
        "\\(\\log L\\)",
        "\\(E\\)",
        "\\(H(t)\\)",
    ]:
        assert symbol in symbols
    assert any("D_{\\mathrm{KL}}" in s for s in symbols)
    hrefs = {a["href"] for a in article.select("a[href]")}
    for name in [
        "ch2",
        "ch3",
        "ch4",
        "ch5",
        "ch6",
        "supplement-a",
        "supplement-b",
        "exercises",
        "errata",
    ]:
        assert f"{name}/" in hrefs, name
    text = article.get_text()
    assert "make serve" in text and "make test" in text
    assert "CC BY 4.0" in text and "MIT" in text
