"""Fulian Desk (妇联工作台): the township women's federation desk."""

__version__ = "0.1.0"
APP_NAME = "妇联工作台"
APP_ID = "FulianDesk"
