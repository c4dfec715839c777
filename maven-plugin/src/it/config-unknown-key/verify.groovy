def log = new File(basedir, 'build.log').text
assert log.contains("mlops.yaml key 'horizn' has invalid value 'horizn': unknown key; did you mean 'horizon'?")
assert log.contains('BUILD FAILURE')
return true
