SET VARIABLE {name} = $value;
