"""QR codes for join links (segno: SVG and PNG, no network, no imaging library)."""

import io

import segno


def qr_bytes(url: str, kind: str) -> bytes:
    code = segno.make(url, error="m")
    out = io.BytesIO()
    if kind == "svg":
        code.save(
            out, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, title=url, dark="#0b1a33"
        )
    else:
        code.save(out, kind="png", scale=12, border=2, dark="#0b1a33")
    return out.getvalue()


def qr_inline_svg(url: str, svgclass: str = "slip__qr") -> str:
    """A small QR code as inline SVG markup (presentation attributes only: safe under the CSP)."""
    return segno.make(url, error="m").svg_inline(
        scale=3, border=2, dark="#0b1a33", svgclass=svgclass, lineclass=None, omitsize=True
    )
