from django.urls import path, register_converter

from visiespiegel.insights import downloads, participant, views
from visiespiegel.insights.converters import PublicId

register_converter(PublicId, "public_id")
app_name = "insights"
urlpatterns = [
    path("peilingen/<int:round_id>/resultaten/", views.overview, name="overview"),
    path("peilingen/<int:round_id>/vergelijken/", views.compare, name="compare"),
    path("peilingen/<int:round_id>/signalen/", views.signals_page, name="signals"),
    path("peilingen/<int:round_id>/opmerkingen/", views.remarks, name="remarks"),
    path("peilingen/<int:round_id>/tussenstand/", views.publish, name="publish"),
    path("peilingen/<int:round_id>/afdrukkop.css", views.print_css, name="print-css"),
    path(
        "peilingen/<int:round_id>/opmerkingen/<public_id:public_id>/verbergen/",
        views.remark_visibility,
        {"hidden": True},
        name="remark-hide",
    ),
    path(
        "peilingen/<int:round_id>/opmerkingen/<public_id:public_id>/tonen/",
        views.remark_visibility,
        {"hidden": False},
        name="remark-show",
    ),
    path(
        "peilingen/<int:round_id>/antwoorden-verwijderen/",
        views.delete_answers,
        name="delete-answers",
    ),
    path("peilingen/<int:round_id>/rapporten/", downloads.page, name="downloads"),
    path("peilingen/<int:round_id>/rapport.pdf", downloads.report_pdf, name="report-pdf"),
    path(
        "peilingen/<int:round_id>/export.xlsx",
        downloads.spreadsheet,
        {"kind": "xlsx"},
        name="export-xlsx",
    ),
    path(
        "peilingen/<int:round_id>/export.csv",
        downloads.spreadsheet,
        {"kind": ","},
        name="export-csv",
    ),
    path(
        "peilingen/<int:round_id>/export-puntkomma.csv",
        downloads.spreadsheet,
        {"kind": ";"},
        name="export-csv-semicolon",
    ),
    path("peilingen/<int:round_id>/rapporten/maken/", downloads.start, name="reports-start"),
    path(
        "peilingen/<int:round_id>/rapporten/<uuid:job_id>/",
        downloads.job_status,
        name="job",
    ),
    path(
        "peilingen/<int:round_id>/rapporten/<uuid:job_id>/zip/",
        downloads.job_download,
        name="job-download",
    ),
    path(
        "peilingen/<int:round_id>/rapporten/<uuid:job_id>/opnieuw/",
        downloads.job_retry,
        name="job-retry",
    ),
    path("d/<str:code>/profiel/", participant.own_profile, name="profile"),
]
