import os


def greet(name):
    return f"hello {name} from {os.environ['STAGE']}"
