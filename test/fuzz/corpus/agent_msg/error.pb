
agent failed