"""The queries the report pages run, one module per page and `common` for what pages share.

Each query is a file in `sql/`, with bound parameters only; `{{ names }}` and the like take
in the fragment file of that name. The only identifier put into SQL text is a ranking column
of account_week chosen by the page (`common.identifier`).
"""
