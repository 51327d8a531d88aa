try{var s=localStorage.getItem("congtin:text-scale");if(s)document.currentScript.parentNode.style.setProperty("--article-scale",s)}catch(e){}
