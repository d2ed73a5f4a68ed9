"""Keep the generated capability table inside a hand-written README."""

README_MARKERS = ("<!-- capabilities:start -->", "<!-- capabilities:end -->")


def readme_with_table(readme: str, table: str) -> str:
    """The README with the text between the two markers replaced by `table`.

    A README without the markers is returned unchanged.
    """
    start, end = README_MARKERS
    if start not in readme or end not in readme:
        return readme
    head, rest = readme.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table.strip()}\n{end}{tail}"
